#include <fmt/format.h>

#include "emit/emit.h"

namespace keel::emit {
namespace {

std::string Duration(int ms) {
  if (ms == 0) return "0";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

struct ScriptStep {
  int id;
  std::string description;
  const std::vector<std::string>* statements;
  bool transactional;
  bool irreversible = false;
  std::string note;
};

}  // namespace

std::string Sql(const planner::Plan& plan, const EmitOptions& options) {
  std::string out;
  std::vector<ScriptStep> steps;
  if (options.rollback) {
    for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it) {
      bool online = !it->rollback_sql.empty() &&
                    it->rollback_sql.front().find("CONCURRENTLY") != std::string::npos;
      steps.push_back({it->id, "undo: " + it->description, &it->rollback_sql, !online,
                       it->reversibility == planner::Reversibility::kIrreversible,
                       it->rollback_note});
    }
    out += "-- keel rollback script\n";
  } else {
    for (const auto& s : plan.steps)
      steps.push_back({s.id, s.description, &s.sql, s.transactional, false, {}});
    out += "-- keel plan\n";
  }
  if (!options.from_label.empty()) out += "-- from: " + options.from_label + "\n";
  if (!options.to_label.empty()) out += "-- to:   " + options.to_label + "\n";
  if (steps.empty()) return out + "-- no changes\n";
  out += fmt::format("-- {} step{}\n", steps.size(), steps.size() == 1 ? "" : "s");

  const auto& cfg = plan.settings;
  bool in_tx = false;
  for (const auto& s : steps) {
    if (s.transactional && !in_tx) {
      out += "\nBEGIN;\n";
      out += fmt::format("SET LOCAL lock_timeout = '{}';\n", Duration(cfg.lock_timeout_ms));
      out +=
          fmt::format("SET LOCAL statement_timeout = '{}';\n", Duration(cfg.statement_timeout_ms));
      in_tx = true;
    } else if (!s.transactional && in_tx) {
      out += "COMMIT;\n";
      in_tx = false;
    }
    out += fmt::format("\n-- step {}: {}{}\n", s.id, s.description,
                       s.transactional ? "" : " (outside a transaction)");
    if (!s.transactional) {
      // Waiting for a lock is bounded; the build itself gets its own, unbounded, budget.
      out += fmt::format("SET lock_timeout = '{}';\n", Duration(cfg.lock_timeout_ms));
      out += "SET statement_timeout = 0;\n";
    }
    if (s.irreversible) out += "-- cannot be undone: " + s.note + "\n";
    for (const auto& stmt : *s.statements) out += stmt + ";\n";
  }
  if (in_tx) out += "COMMIT;\n";
  return out;
}

}  // namespace keel::emit
