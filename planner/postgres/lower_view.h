// Lowering of view and materialized view changes (lower_view.cpp).
#pragma once

#include <vector>

#include "diff/change.h"
#include "planner/plan.h"
#include "planner/postgres/lower.h"

namespace keel::planner::postgres {

std::vector<Step> LowerCreateView(const diff::CreateView& c, const LowerContext& ctx);
std::vector<Step> LowerDropView(const diff::DropView& c, const LowerContext& ctx);
std::vector<Step> LowerReplaceView(const diff::ReplaceView& c, const LowerContext& ctx);

}  // namespace keel::planner::postgres
