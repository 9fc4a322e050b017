// Deterministic topological order of plan steps (Kahn's algorithm over a Boost graph with a
// priority: creates early, drops late, then by object name).
#pragma once

#include <string>
#include <vector>

#include "planner/plan.h"

namespace keel::planner {

/// Orders `steps` in place and numbers them; fills Step::placed_after and, when given, `edges`
/// with every edge of the graph by step id. Returns an error message naming a cycle when there
/// is one.
std::string OrderSteps(std::vector<Step>& steps, std::vector<Edge>* edges = nullptr);

}  // namespace keel::planner
