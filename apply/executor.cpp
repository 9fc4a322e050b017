#include "apply/executor.h"

#include <chrono>

namespace keel::apply {
namespace {

std::string Timeout(int ms) { return "'" + std::to_string(ms) + "ms'"; }

}  // namespace

StepOutcome RunStep(pqxx::connection& conn, const planner::Step& step,
                    const planner::PlanSettings& settings) {
  StepOutcome outcome;
  outcome.step = step.id;
  const auto start = std::chrono::steady_clock::now();
  const int statement_ms =
      step.statement_timeout_ms < 0 ? settings.statement_timeout_ms : step.statement_timeout_ms;
  try {
    if (step.transactional) {
      pqxx::work tx(conn);
      tx.exec("SET LOCAL lock_timeout = " + Timeout(settings.lock_timeout_ms));
      tx.exec("SET LOCAL statement_timeout = " + Timeout(statement_ms));
      for (const auto& sql : step.sql) tx.exec(sql);
      tx.commit();
    } else {
      // CONCURRENTLY, ADD VALUE and backfill blocks (which commit per batch) run outside any
      // transaction; the wait for a lock is still bounded.
      pqxx::nontransaction tx(conn);
      tx.exec("SET lock_timeout = " + Timeout(settings.lock_timeout_ms));
      tx.exec("SET statement_timeout = " + Timeout(statement_ms < 0 ? 0 : statement_ms));
      for (const auto& sql : step.sql) tx.exec(sql);
    }
    outcome.ok = true;
  } catch (const std::exception& e) {
    outcome.error = e.what();
    while (!outcome.error.empty() && outcome.error.back() == '\n') outcome.error.pop_back();
  }
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

void UsePlanSchema(pqxx::connection& conn, const std::string& in_schema) {
  if (in_schema.empty()) return;
  pqxx::nontransaction tx(conn);
  tx.exec("SET search_path = " + tx.quote_name(in_schema));
}

std::vector<StepOutcome> RunPlan(pqxx::connection& conn, const planner::Plan& plan) {
  std::vector<StepOutcome> outcomes;
  for (const auto& step : plan.steps) {
    outcomes.push_back(RunStep(conn, step, plan.settings));
    if (!outcomes.back().ok) break;
  }
  return outcomes;
}

}  // namespace keel::apply
