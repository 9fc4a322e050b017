// ChangeSet -> Plan: lower every change into steps, then order them through the dependency
// graph.
#pragma once

#include <string>

#include "diff/change.h"
#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::planner {

struct PlanResult {
  Plan plan;
  /// Non-empty when the steps cannot be ordered: "dependency cycle: a -> b -> a".
  std::string error;
};

/// Milliseconds spent lowering changes into steps and ordering the steps.
struct PlanTimings {
  double lower_ms = 0;
  double order_ms = 0;
};

/// `from` is the current schema, `to` the desired one (both normalized).
PlanResult BuildPlan(const diff::ChangeSet& changes, const model::Catalog& from,
                     const model::Catalog& to, const PlanSettings& settings = {},
                     PlanTimings* timings = nullptr);

}  // namespace keel::planner
