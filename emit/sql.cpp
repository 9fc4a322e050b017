#include <fmt/format.h>

#include <algorithm>

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
  bool own_transaction = false;
  int statement_timeout_ms = -1;
  int phase = 0;  // 0: no phase banners (rollback scripts)
  const std::vector<std::string>* expect_empty = nullptr;
};

std::string PhaseBanner(planner::Phase phase) {
  std::string out = fmt::format("\n-- ==== phase {}: {} ====\n", static_cast<int>(phase),
                                planner::PhaseName(phase));
  if (phase == planner::Phase::kContract)
    out += "-- Deploy the application that no longer uses what this phase removes first.\n";
  if (phase == planner::Phase::kBackfill)
    out += "-- Batched updates, each batch its own transaction; safe to re-run.\n";
  return out;
}

// MySQL commits DDL by itself: no transactions to open, only the session's lock wait to bound
// (in whole seconds). Runs as it is with `mariadb` / `mysql` < script.
std::string MySqlScript(const std::vector<ScriptStep>& steps, const planner::Plan& plan) {
  int wait_s = std::max(1, (plan.settings.lock_timeout_ms + 999) / 1000);
  std::string out = "-- MySQL DDL commits at once: each statement stands alone.\n";
  out += fmt::format("SET SESSION lock_wait_timeout = {};\n", wait_s);
  out += fmt::format("SET SESSION innodb_lock_wait_timeout = {};\n", wait_s);
  int phase = steps.front().phase;
  bool phased = phase && steps.back().phase != phase;
  if (phased) out += PhaseBanner(static_cast<planner::Phase>(phase));
  for (const auto& s : steps) {
    if (phased && s.phase != phase) out += PhaseBanner(static_cast<planner::Phase>(s.phase));
    phase = s.phase;
    out += fmt::format("\n-- step {}: {}\n", s.id, s.description);
    if (s.irreversible) out += "-- cannot be undone: " + s.note + "\n";
    for (const auto& stmt : *s.statements) out += stmt + ";\n";
    if (s.expect_empty != nullptr)
      for (const auto& query : *s.expect_empty)
        out += "-- must return no rows (keel apply stops here if it does):\n" + query + ";\n";
  }
  return out;
}

}  // namespace

std::string Sql(const planner::Plan& plan, const EmitOptions& options) {
  std::string out;
  std::vector<ScriptStep> steps;
  const planner::Plan undo = options.rollback ? planner::RollbackPlan(plan) : planner::Plan{};
  if (options.rollback) {
    for (const auto& s : undo.steps)
      steps.push_back({s.id, s.description, &s.sql, s.transactional,
                       s.reversibility == planner::Reversibility::kIrreversible, s.rollback_note});
    out += "-- keel rollback script\n";
  } else {
    for (const auto& s : plan.steps)
      steps.push_back({s.id,
                       s.description,
                       &s.sql,
                       s.transactional,
                       false,
                       {},
                       s.own_transaction,
                       s.statement_timeout_ms,
                       static_cast<int>(s.phase),
                       &s.expect_empty});
    out += "-- keel plan\n";
  }
  if (!options.from_label.empty()) out += "-- from: " + options.from_label + "\n";
  if (!options.to_label.empty()) out += "-- to:   " + options.to_label + "\n";
  if (steps.empty()) return out + "-- no changes\n";
  out += fmt::format("-- {} step{}\n", steps.size(), steps.size() == 1 ? "" : "s");
  if (plan.dialect == model::Dialect::kMySql) return out + MySqlScript(steps, plan);

  const auto& cfg = plan.settings;
  bool in_tx = false;
  int phase = steps.front().phase;
  bool phased = phase && steps.back().phase != phase;
  if (phased) out += PhaseBanner(static_cast<planner::Phase>(phase));
  for (const auto& s : steps) {
    // A step with its own transaction, a phase boundary or a step outside any transaction
    // closes the open transaction.
    if (in_tx && (!s.transactional || s.own_transaction || s.phase != phase)) {
      out += "COMMIT;\n";
      in_tx = false;
    }
    if (phased && s.phase != phase) out += PhaseBanner(static_cast<planner::Phase>(s.phase));
    phase = s.phase;
    if (s.transactional && !in_tx) {
      int timeout = s.statement_timeout_ms < 0 ? cfg.statement_timeout_ms : s.statement_timeout_ms;
      out += "\nBEGIN;\n";
      out += fmt::format("SET LOCAL lock_timeout = '{}';\n", Duration(cfg.lock_timeout_ms));
      out += fmt::format("SET LOCAL statement_timeout = '{}';\n", Duration(timeout));
      in_tx = true;
    }
    out += fmt::format("\n-- step {}: {}{}\n", s.id, s.description,
                       s.transactional ? "" : " (outside a transaction)");
    if (!s.transactional) {
      // Waiting for a lock is bounded; the work itself gets its own, unbounded, budget.
      out += fmt::format("SET lock_timeout = '{}';\n", Duration(cfg.lock_timeout_ms));
      out += "SET statement_timeout = 0;\n";
    }
    if (s.irreversible) out += "-- cannot be undone: " + s.note + "\n";
    for (const auto& stmt : *s.statements) out += stmt + ";\n";
    if (in_tx && s.own_transaction) {
      out += "COMMIT;\n";
      in_tx = false;
    }
  }
  if (in_tx) out += "COMMIT;\n";
  return out;
}

}  // namespace keel::emit
