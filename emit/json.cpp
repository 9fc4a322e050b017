#include <fmt/format.h>

#include "emit/emit.h"

namespace keel::emit {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string Strings(const std::vector<std::string>& v) {
  std::vector<std::string> q;
  for (const auto& s : v) q.push_back(Quote(s));
  return "[" + fmt::format("{}", fmt::join(q, ", ")) + "]";
}

}  // namespace

std::string Json(const planner::Plan& plan, const EmitOptions& options) {
  std::string out = "{\n  \"format\": \"keel.plan/v1\",\n";
  out += "  \"from\": " + Quote(options.from_label) + ",\n";
  out += "  \"to\": " + Quote(options.to_label) + ",\n";
  out += fmt::format(
      "  \"settings\": {{\"lock_timeout_ms\": {}, \"statement_timeout_ms\": {}, \"batch_size\": "
      "{}, "
      "\"batch_pause_ms\": {}}},\n",
      plan.settings.lock_timeout_ms, plan.settings.statement_timeout_ms, plan.settings.batch_size,
      plan.settings.batch_pause_ms);
  out += fmt::format("  \"risk\": {},\n", plan.risk());
  if (!plan.in_schema.empty()) out += "  \"in_schema\": " + Quote(plan.in_schema) + ",\n";
  if (plan.dialect == model::Dialect::kMySql) out += "  \"dialect\": \"mysql\",\n";
  out += "  \"fingerprint\": " + Quote(plan.fingerprint) + ",\n";
  if (!plan.desired_sql.empty()) out += "  \"desired_sql\": " + Quote(plan.desired_sql) + ",\n";
  std::vector<std::string> edges;
  for (const auto& e : plan.edges)
    edges.push_back(fmt::format("{{\"before\": {}, \"after\": {}, \"why\": {}}}", e.before, e.after,
                                Quote(e.why)));
  out += fmt::format("  \"edges\": [{}],\n", fmt::join(edges, ", "));
  std::vector<std::string> phases;
  for (const auto& s : plan.steps) {
    auto name = Quote(planner::PhaseName(s.phase));
    std::string entry =
        fmt::format("{{\"phase\": {}, \"name\": {}}}", static_cast<int>(s.phase), name);
    if (phases.empty() || phases.back() != entry) phases.push_back(entry);
  }
  out += fmt::format("  \"phases\": [{}],\n", fmt::join(phases, ", "));
  out += "  \"steps\": [";
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const auto& s = plan.steps[i];
    out += i ? ",\n    {" : "\n    {";
    out += fmt::format("\"id\": {}, \"object\": {}, \"description\": {}, ", s.id, Quote(s.object),
                       Quote(s.description));
    out += fmt::format("\"transactional\": {}, \"lock\": {}, \"lock_table\": {}, ",
                       s.transactional ? "true" : "false", Quote(planner::LockName(s.lock)),
                       Quote(s.lock_table));
    out += "\"sql\": " + Strings(s.sql) + ", \"rollback_sql\": " + Strings(s.rollback_sql) + ", ";
    out += fmt::format("\"reversibility\": {}, \"rollback_note\": {}, ",
                       Quote(planner::ReversibilityName(s.reversibility)), Quote(s.rollback_note));
    out += "\"hazards\": [";
    for (size_t h = 0; h < s.hazards.size(); ++h) {
      const auto& info = planner::Info(s.hazards[h].code);
      out += fmt::format("{}{{\"code\": {}, \"severity\": {}, \"detail\": {}}}", h ? ", " : "",
                         Quote(std::string(info.id)),
                         Quote(std::string(planner::SeverityName(info.severity))),
                         Quote(s.hazards[h].detail));
    }
    out += "], \"placed_after\": " + Quote(s.placed_after) + ", ";
    out += fmt::format(
        "\"phase\": {}, \"own_transaction\": {}, \"statement_timeout_ms\": {}, ",
        static_cast<int>(s.phase), s.own_transaction ? "true" : "false",
        s.statement_timeout_ms < 0 ? plan.settings.statement_timeout_ms : s.statement_timeout_ms);
    out += "\"before_retry\": " + Strings(s.before_retry) + ", ";
    if (!s.expect_empty.empty()) out += "\"expect_empty\": " + Strings(s.expect_empty) + ", ";
    out += "\"backfill\": ";
    if (s.backfill) {
      const auto& b = *s.backfill;
      std::vector<std::string> key;
      for (const auto& [col, type] : b.key)
        key.push_back(fmt::format("{{\"column\": {}, \"type\": {}}}", Quote(col), Quote(type)));
      out += fmt::format(
          "{{\"table\": {}, \"column\": {}, \"value\": {}, \"pending\": {}, \"key\": [{}]}}",
          Quote(b.table), Quote(b.column), Quote(b.value), Quote(b.pending), fmt::join(key, ", "));
    } else {
      out += "null";
    }
    out += fmt::format(
        ", \"risk\": {{\"score\": {}, \"estimated_seconds\": {:.3f}, \"blocking_seconds\": "
        "{:.3f}, \"factors\": {}}}}}",
        s.risk.score, s.risk.estimated_seconds, s.risk.blocking_seconds, Strings(s.risk.factors));
  }
  out += plan.steps.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace keel::emit
