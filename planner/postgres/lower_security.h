// Lowering of row-level security, policy and privilege changes (lower_security.cpp).
#pragma once

#include <vector>

#include "diff/change.h"
#include "planner/plan.h"
#include "planner/postgres/lower.h"

namespace keel::planner::postgres {

std::vector<Step> LowerSecurityChange(const diff::SecurityChange& c, const LowerContext& ctx);

}  // namespace keel::planner::postgres
