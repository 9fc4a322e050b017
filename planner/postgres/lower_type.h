// Lowering of user type and extension changes (enums, domains, composite types, extensions).
#pragma once

#include <vector>

#include "diff/change.h"
#include "planner/plan.h"
#include "planner/postgres/lower.h"

namespace keel::planner::postgres {

std::vector<Step> LowerTypeChange(const diff::TypeChange& change, const LowerContext& ctx);

}  // namespace keel::planner::postgres
