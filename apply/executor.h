// Runs plan steps on a live connection, one step at a time: a transactional step in its own
// transaction with SET LOCAL timeouts, any other alone with session timeouts. The unit of
// execution is the step, so a journal can record each one before and after.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "planner/plan.h"

namespace keel::apply {

struct StepOutcome {
  int step = 0;  // Step::id
  bool ok = false;
  std::string error;  // the server's message when not ok
  double seconds = 0;
};

/// Runs one step; never throws for a failing statement (the outcome says why).
StepOutcome RunStep(pqxx::connection& conn, const planner::Step& step,
                    const planner::PlanSettings& settings);

/// Sets the session's search_path to a --in-schema plan's schema (nothing for a whole-database
/// plan): its SQL names objects qualified but leaves names inside expressions unqualified, as
/// the files spell them.
void UsePlanSchema(pqxx::connection& conn, const std::string& in_schema);

/// Runs the steps in order and stops at the first failure; the last outcome is the failure.
std::vector<StepOutcome> RunPlan(pqxx::connection& conn, const planner::Plan& plan);

}  // namespace keel::apply
