#include <fmt/format.h>

#include <map>
#include <optional>

#include "emit/describe.h"
#include "emit/emit.h"

namespace keel::emit {
namespace {

struct Palette {
  bool on;
  std::string Paint(const std::string& code, const std::string& text) const {
    return on ? "\033[" + code + "m" + text + "\033[0m" : text;
  }
  std::string Bold(const std::string& t) const { return Paint("1", t); }
  std::string Red(const std::string& t) const { return Paint("31", t); }
  std::string Yellow(const std::string& t) const { return Paint("33", t); }
  std::string Green(const std::string& t) const { return Paint("32", t); }
  std::string Dim(const std::string& t) const { return Paint("2", t); }
};

std::string Indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

}  // namespace

std::string Text(const planner::Plan& plan, const EmitOptions& options) {
  Palette p{options.color};
  std::string out;
  if (plan.steps.empty()) return "No changes: the schema is up to date.\n";

  int adds = 0, drops = 0, changes = 0;
  std::map<std::string, int> hazard_counts;
  for (const auto& s : plan.steps) {
    char sign = Sign(s.description);
    (sign == '+' ? adds : sign == '-' ? drops : changes)++;
    for (const auto& h : s.hazards) hazard_counts[std::string(planner::Info(h.code).id)]++;
  }
  out += p.Bold(fmt::format("Plan: {} step{} ({} to add, {} to change, {} to drop), risk {}/100",
                            plan.steps.size(), plan.steps.size() == 1 ? "" : "s", adds, changes,
                            drops, plan.risk())) +
         "\n";
  if (!options.from_label.empty()) out += "  from " + options.from_label + "\n";
  if (!options.to_label.empty()) out += "  to   " + options.to_label + "\n";
  if (!hazard_counts.empty()) {
    std::vector<std::string> parts;
    for (const auto& [id, n] : hazard_counts) parts.push_back(fmt::format("{} ({})", id, n));
    out += p.Yellow(fmt::format("Hazards: {}", fmt::join(parts, ", "))) + "\n";
  }
  const bool phased = plan.steps.front().phase != plan.steps.back().phase;
  std::optional<planner::Phase> phase;
  for (const auto& s : plan.steps) {
    if (phased && s.phase != phase) {
      out += "\n" + p.Bold(fmt::format("Phase {}: {}", static_cast<int>(s.phase),
                                       planner::PhaseName(s.phase)));
      if (s.phase == planner::Phase::kContract)
        out += p.Dim("  (after the application no longer uses what it removes)");
      out += "\n";
    }
    if (s.id == plan.steps.front().id || (phased && s.phase != phase)) out += "\n";
    phase = s.phase;
    char sign = Sign(s.description);
    std::string head = fmt::format("{:>3}. {} {}", s.id, sign, s.description);
    head = sign == '+' ? p.Green(head) : sign == '-' ? p.Red(head) : p.Yellow(head);
    std::vector<std::string> tags;
    if (s.lock != planner::LockLevel::kNone) tags.push_back("lock " + LockText(s, plan.dialect));
    // MySQL has no transactional DDL: saying so on every step tells nothing.
    if (!s.transactional && plan.dialect == model::Dialect::kPostgres)
      tags.push_back("outside a transaction");
    if (s.reversibility != planner::Reversibility::kReversible)
      tags.push_back(planner::ReversibilityName(s.reversibility));
    if (s.risk.score > 0) tags.push_back(fmt::format("risk {}", s.risk.score));
    out += head;
    if (!tags.empty()) out += p.Dim(fmt::format("  [{}]", fmt::join(tags, "; ")));
    out += "\n";
    for (const auto& stmt : s.sql) out += Indent(stmt + ";", "       ") + "\n";
    for (const auto& query : s.expect_empty)
      out += Indent("-- then must return no rows: " + query + ";", "       ") + "\n";
    for (const auto& h : s.hazards) {
      const auto& info = planner::Info(h.code);
      out += p.Yellow(fmt::format("       ! {} ({}): {}", info.id,
                                  planner::SeverityName(info.severity), h.detail)) +
             "\n";
    }
    if (options.explain) {
      out += p.Dim("       why here: " +
                   (s.placed_after.empty()
                        ? std::string("no dependency; creates early, drops late, then by name")
                        : s.placed_after)) +
             "\n";
      for (const auto& f : s.risk.factors) out += p.Dim("       risk: " + f) + "\n";
    }
  }
  return out;
}

}  // namespace keel::emit
