// Runs a MySQL plan's steps against its journal. DDL commits by itself on MySQL, so each
// statement is recorded as it completes; a lock wait that times out (or a deadlock) is retried
// with backoff; a step the previous run died in resumes at its unfinished statement.
#pragma once

#include "apply/mysql/journal.h"
#include "apply/runner.h"
#include "planner/plan.h"

namespace keel::apply::mysql {

/// Whether a server error is worth retrying: lock wait timeout, deadlock.
bool IsRetryable(unsigned int code);

/// Whether a statement failed because it had already taken effect before the run that issued it
/// died (a table, column, index or constraint that exists already, or is gone already).
bool AlreadyApplied(const introspect::mysql::SqlError& error);

/// The first row one of `queries` (a step's expect_empty) returns, said as a failure; empty when
/// none returns a row.
std::string FirstRowOf(Connection& conn, const std::vector<std::string>& queries);

/// Runs every step of `plan` the journal of `plan_id` does not record as done (or as
/// options.done_status).
RunOutcome RunJournaled(Connection& conn, Journal& journal, long plan_id, const planner::Plan& plan,
                        const RunOptions& options);

}  // namespace keel::apply::mysql
