// A GitHub-flavoured pull-request comment: verdict, summary, steps, hazards, a Mermaid graph and
// the SQL in collapsible blocks. A bot finds its earlier comment by the first line and updates it.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "emit/describe.h"
#include "emit/emit.h"

namespace keel::emit {
namespace {

// GitHub refuses comments over 65,536 characters; stay well below with room for a bot's text.
constexpr size_t kCommentBudget = 60000;
constexpr size_t kMaxStepRows = 300;
constexpr size_t kMaxGraphSteps = 60;

// Text inside a table cell: no pipes, no line breaks, no HTML.
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// The longest run of backticks in `s`: a code span or fence needs a longer one.
size_t LongestBacktickRun(const std::string& s) {
  size_t run = 0, longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// A code span that survives backticks inside `s`.
std::string Code(const std::string& s) {
  std::string ticks(LongestBacktickRun(s) + 1, '`');
  std::string pad = s.empty() || s.front() == '`' || s.back() == '`' ? " " : "";
  return ticks + pad + s + pad + ticks;
}

// A fenced block whose fence is longer than any backtick run inside.
std::string Fenced(const std::string& lang, const std::string& body) {
  std::string fence(std::max<size_t>(3, LongestBacktickRun(body) + 1), '`');
  std::string text = body;
  if (!text.empty() && text.back() != '\n') text += '\n';
  return fence + lang + "\n" + text + fence + "\n";
}

// A Mermaid node label: quotes and angle brackets as entity codes.
std::string MermaidLabel(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"')
      out += "#quot;";
    else if (c == '<')
      out += "#lt;";
    else if (c == '>')
      out += "#gt;";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

planner::Severity WorstSeverity(const planner::Step& s) {
  auto worst = planner::Severity::kInfo;
  for (const auto& h : s.hazards) worst = std::max(worst, planner::Info(h.code).severity);
  return worst;
}

struct Tally {
  int adds = 0, changes = 0, drops = 0;
  double seconds = 0, longest_block = 0;
  int unsized = 0;  // steps whose duration could not be estimated
  std::vector<planner::Phase> phases;
  std::set<std::string> needs_approval;  // hazard ids apply refuses without --allow-hazards
  planner::Severity worst = planner::Severity::kInfo;
};

Tally Count(const planner::Plan& plan) {
  Tally t;
  for (const auto& s : plan.steps) {
    char sign = Sign(s.description);
    (sign == '+' ? t.adds : sign == '-' ? t.drops : t.changes)++;
    t.seconds += s.risk.estimated_seconds;
    t.longest_block = std::max(t.longest_block, s.risk.blocking_seconds);
    t.unsized += s.risk.unsized;
    if (t.phases.empty() || t.phases.back() != s.phase) t.phases.push_back(s.phase);
    for (const auto& h : s.hazards) {
      const auto& info = planner::Info(h.code);
      t.worst = std::max(t.worst, info.severity);
      if (info.severity >= planner::Severity::kHigh) t.needs_approval.insert(std::string(info.id));
    }
  }
  return t;
}

std::string Verdict(const planner::Plan& plan, const Tally& t) {
  if (!t.needs_approval.empty()) {
    std::vector<std::string> ids(t.needs_approval.begin(), t.needs_approval.end());
    return fmt::format(
        "🛑 **Needs approval**: `keel apply` refuses this plan without "
        "`--allow-hazards {}`",
        fmt::join(ids, ","));
  }
  std::string level = RiskLevel(plan.risk());
  if (t.worst >= planner::Severity::kMedium || level == "medium")
    return "⚠️ **Review**: online-safe, with hazards to check below";
  return "✅ **Online-safe**";
}

// The estimate, or why there is none: plans between files have no table sizes.
std::string Estimate(const Tally& t, double seconds) {
  if (!t.unsized) return HumanDuration(seconds);
  return seconds == 0 ? "not estimated" : HumanDuration(seconds) + " + unsized steps";
}

std::string Summary(const planner::Plan& plan, const Tally& t) {
  std::vector<std::string> phases;
  for (auto p : t.phases) phases.push_back(planner::PhaseName(p));
  std::string out =
      "| Steps | Add | Change | Drop | Phases | Estimated time | Longest write block |\n";
  out += "|---:|---:|---:|---:|---|---:|---:|\n";
  out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", plan.steps.size(), t.adds, t.changes,
                     t.drops, fmt::join(phases, " → "), Estimate(t, t.seconds),
                     Estimate(t, t.longest_block));
  return out;
}

std::string Steps(const planner::Plan& plan, const EmitOptions& options) {
  std::string out = "### Steps\n\n";
  out += "| # | Phase | Change | Lock | Risk | Hazards | Undo |";
  out += options.explain ? " Why here |\n" : "\n";
  out += "|---:|---|---|---|---|---|---|";
  out += options.explain ? "---|\n" : "\n";
  size_t rows = 0;
  for (const auto& s : plan.steps) {
    if (++rows > kMaxStepRows) {
      out += fmt::format("\n… and {} more steps: `--format text` lists them all.\n",
                         plan.steps.size() - kMaxStepRows);
      break;
    }
    std::vector<std::string> hazards;
    for (const auto& h : s.hazards) hazards.push_back(Code(std::string(planner::Info(h.code).id)));
    std::string lock = s.lock == planner::LockLevel::kNone
                           ? "none"
                           : Code(LockName(s.lock, plan.dialect)) +
                                 (s.lock_table.empty() ? "" : " on " + Code(s.lock_table));
    if (!s.transactional && plan.dialect == model::Dialect::kPostgres)
      lock += ", outside a transaction";
    std::string undo = planner::ReversibilityName(s.reversibility);
    if (!s.rollback_note.empty() && s.reversibility != planner::Reversibility::kReversible)
      undo += ": " + Cell(s.rollback_note);
    out += fmt::format(
        "| {} | {} | {} {} | {} | {} | {} | {} |", s.id, planner::PhaseName(s.phase),
        Sign(s.description), Cell(s.description), lock,
        s.risk.score ? fmt::format("{} {}", s.risk.score, RiskLevel(s.risk.score)) : "0",
        hazards.empty() ? "" : fmt::format("{}", fmt::join(hazards, " ")), undo);
    if (options.explain)
      out += " " + Cell(s.placed_after.empty() ? "no dependency" : s.placed_after) + " |";
    out += "\n";
  }
  return out;
}

std::string Hazards(const planner::Plan& plan) {
  std::map<std::string, std::vector<const planner::Step*>> by_id;
  std::map<std::string, const planner::HazardInfo*> infos;
  for (const auto& s : plan.steps)
    for (const auto& h : s.hazards) {
      const auto& info = planner::Info(h.code);
      auto& steps = by_id[std::string(info.id)];
      if (steps.empty() || steps.back() != &s) steps.push_back(&s);
      infos[std::string(info.id)] = &info;
    }
  if (by_id.empty()) return "";
  // Most severe first, then by id.
  std::vector<std::string> order;
  for (const auto& [id, _] : by_id) order.push_back(id);
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return infos[a]->severity > infos[b]->severity;
  });
  std::string out = "### Hazards\n\n| Hazard | Severity | Steps | What it means | Mitigation |\n";
  out += "|---|---|---|---|---|\n";
  for (const auto& id : order) {
    std::vector<std::string> ids;
    for (const auto* s : by_id[id]) ids.push_back(std::to_string(s->id));
    const auto* info = infos[id];
    out += fmt::format("| {} | {} | {} | {} | {} |\n", Code(id),
                       planner::SeverityName(info->severity), fmt::join(ids, ", "),
                       Cell(std::string(info->explanation)), Cell(std::string(info->mitigation)));
  }
  return out;
}

std::string Graph(const planner::Plan& plan) {
  std::string out = "### Order\n\n";
  if (plan.steps.size() > kMaxGraphSteps)
    return out + fmt::format(
                     "The dependency graph has {} steps, too many to draw here: "
                     "`keel plan --format dot | dot -Tsvg` draws it.\n",
                     plan.steps.size());
  std::string g = "flowchart TD\n";
  const bool phased = plan.steps.front().phase != plan.steps.back().phase;
  std::optional<planner::Phase> phase;
  for (const auto& s : plan.steps) {
    if (phased && s.phase != phase) {
      if (phase) g += "  end\n";
      g += fmt::format("  subgraph p{}[\"Phase {}: {}\"]\n", static_cast<int>(s.phase),
                       static_cast<int>(s.phase), planner::PhaseName(s.phase));
    }
    phase = s.phase;
    g += fmt::format("  {}s{}[\"{}. {}\"]\n", phased ? "  " : "", s.id, s.id,
                     MermaidLabel(s.description));
  }
  if (phased) g += "  end\n";
  for (const auto& e : plan.edges) g += fmt::format("  s{} --> s{}\n", e.before, e.after);
  std::vector<std::string> risky, outside;
  for (const auto& s : plan.steps) {
    if (WorstSeverity(s) >= planner::Severity::kHigh) risky.push_back(fmt::format("s{}", s.id));
    if (!s.transactional) outside.push_back(fmt::format("s{}", s.id));
  }
  if (!risky.empty()) {
    g += "  classDef risky stroke:#d73a49,stroke-width:3px\n";
    g += fmt::format("  class {} risky\n", fmt::join(risky, ","));
  }
  if (!outside.empty()) {
    g += "  classDef outside stroke-dasharray:5 5\n";
    g += fmt::format("  class {} outside\n", fmt::join(outside, ","));
  }
  out +=
      "Arrows point from a step to one that must run after it; a dashed box runs outside a "
      "transaction, a thick red one needs approval.\n\n";
  return out + Fenced("mermaid", g);
}

std::string Collapsible(const std::string& summary, const std::string& body) {
  return "<details><summary>" + summary + "</summary>\n\n" + body + "\n</details>\n";
}

int Statements(const planner::Plan& plan, bool rollback) {
  int n = 0;
  for (const auto& s : plan.steps) n += rollback ? s.rollback_sql.size() : s.sql.size();
  return n;
}

}  // namespace

std::string Markdown(const planner::Plan& plan, const EmitOptions& options) {
  std::string out = "<!-- keel:plan -->\n## keel plan\n\n";
  std::string where;
  if (!options.from_label.empty()) where += "from " + Code(options.from_label);
  if (!options.to_label.empty()) where += (where.empty() ? "to " : " to ") + Code(options.to_label);
  if (plan.steps.empty()) {
    out += "✅ **No changes**: the schema is up to date.\n";
    if (!where.empty()) out += "\n" + where + "\n";
    return out;
  }
  Tally t = Count(plan);
  int risk = plan.risk();
  out += fmt::format("{} · risk **{}** ({}/100) · {} step{}\n", Verdict(plan, t), RiskLevel(risk),
                     risk, plan.steps.size(), plan.steps.size() == 1 ? "" : "s");
  if (!where.empty()) out += "\n" + where + "\n";
  if (t.unsized)
    out += fmt::format(
        "\n{} step{} with tables of unknown size: plan against the live database "
        "(`keel plan --db`) for durations.\n",
        t.unsized, t.unsized == 1 ? " scales" : "s scale");
  out += "\n" + Summary(plan, t);
  if (t.phases.back() == planner::Phase::kContract && t.phases.size() > 1)
    out +=
        "\nDeploy the application between phases: after **expand** it must work with the old "
        "and the new schema; **contract** removes what it no longer uses.\n";
  else if (t.phases.size() > 1)
    out += "\nThe phases run in order; an application deploy may happen between them.\n";
  out += "\n" + Steps(plan, options);
  if (std::string h = Hazards(plan); !h.empty()) out += "\n" + h;
  if (options.explain) {
    std::string factors;
    for (const auto& s : plan.steps) {
      if (s.risk.factors.empty()) continue;
      factors += fmt::format("- step {} (risk {}):\n", s.id, s.risk.score);
      for (const auto& f : s.risk.factors) factors += "  - " + Cell(f) + "\n";
    }
    if (!factors.empty()) out += "\n" + Collapsible("How the risk was scored", factors);
  }
  out += "\n" + Graph(plan);

  EmitOptions sql_options = options;
  sql_options.rollback = false;
  std::string forward = Sql(plan, sql_options);
  sql_options.rollback = true;
  std::string backward = Sql(plan, sql_options);
  // The SQL goes last and is the first thing dropped when the comment would be too long.
  std::string sql = Collapsible(fmt::format("SQL ({} statements)", Statements(plan, false)),
                                Fenced("sql", forward)) +
                    "\n" +
                    Collapsible(fmt::format("Rollback SQL ({} statements)", Statements(plan, true)),
                                Fenced("sql", backward));
  if (out.size() + sql.size() + 1 > kCommentBudget)
    sql = fmt::format(
        "The SQL ({} characters) and its rollback are too long for a comment: "
        "`keel plan --format sql` and `--format sql --rollback` print them.\n",
        forward.size());
  return out + "\n" + sql;
}

}  // namespace keel::emit
