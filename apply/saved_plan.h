// Reads a plan written by `keel plan --format json` back into a planner::Plan, so that the
// plan a release engineer reviewed is the plan that runs.
#pragma once

#include <optional>
#include <string>

#include "planner/plan.h"

namespace keel::apply {

struct SavedPlan {
  planner::Plan plan;
  std::string from;  // labels as written
  std::string to;
  std::string hash;  // "fnv1a64:…" of the file's bytes: what the journal records
};

/// Parses the JSON text of a keel.plan/v1 document. On failure returns nullopt and sets
/// `error` to what is wrong and where ("steps[3].lock: unknown lock 'X'").
std::optional<SavedPlan> ParsePlan(const std::string& text, std::string* error);

}  // namespace keel::apply
