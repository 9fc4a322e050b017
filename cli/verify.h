// plan --verify: the plan is applied to a shadow copy of the current schema and must leave
// nothing to plan.
#pragma once

#include <ostream>
#include <string>

#include "diff/differ.h"
#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::cli {

/// Creates a scratch database on `server`, loads `from` into it, runs `plan` step by step and
/// re-plans against `to`. Returns an exit code (0 when the re-plan is empty) after printing
/// what failed to `err`.
int VerifyPlan(const std::string& server, const model::Catalog& from, const model::Catalog& to,
               const planner::Plan& plan, const diff::DiffOptions& options, bool quiet,
               std::ostream& err);

/// The same on a MySQL server (`server`: a mysql:// URL naming the live database, whose defaults
/// the scratch database takes).
int VerifyMySqlPlan(const std::string& server, const model::Catalog& from, const model::Catalog& to,
                    const planner::Plan& plan, const diff::DiffOptions& options, bool quiet,
                    std::ostream& err);

}  // namespace keel::cli
