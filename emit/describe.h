// Wording shared by the human-readable formats (text, markdown).
#pragma once

#include <string>

#include "planner/plan.h"

namespace keel::emit {

/// '+' adds, '-' drops, '~' changes: read from the step's description verb.
char Sign(const std::string& description);

/// "ACCESS EXCLUSIVE on public.t", or "none".
/// The lock a step takes, in the words of the plan's server: PostgreSQL's lock modes, or on
/// MySQL what the ALTER's LOCK clause means (the plan JSON keeps the PostgreSQL scale).
std::string LockName(planner::LockLevel lock, model::Dialect dialect);
std::string LockText(const planner::Step& step, model::Dialect dialect);

/// "850 ms", "12 s", "3 min 20 s", "2 h 5 min".
std::string HumanDuration(double seconds);

/// Risk level of a 0-100 score: none, low, medium, high, critical.
std::string RiskLevel(int score);

}  // namespace keel::emit
