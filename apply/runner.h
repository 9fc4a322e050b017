// Runs a plan's steps against the journal: each step recorded before and after, transactional
// steps committed together with their "done" record, lock-timeout failures retried with
// backoff, backfills driven batch by batch from the last committed key. Also the dry run.
#pragma once

#include <functional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "apply/journal.h"
#include "planner/plan.h"

namespace keel::apply {

struct Event {
  /// step_start, step_done, step_failed, step_skipped, retry, batch, reconciled,
  /// index_progress (message: the build's phase and how far it got)
  std::string kind;
  const planner::Step* step = nullptr;
  int attempt = 0;
  double seconds = 0;   // of the step (or the batch) so far
  std::string message;  // the server's error, why skipped, how reconciled; "done" on a last batch
  long rows = 0;        // batch: rows filled so far
  long batches = 0;
};
using EventSink = std::function<void(const Event&)>;

struct RunOptions {
  int max_attempts = 6;  // the first try and up to five retries
  int retry_base_ms = 250;
  int retry_max_ms = 8000;
  EventSink on_event;
  /// The journal status a finished step gets, and that marks a step as nothing left to do:
  /// "done" when applying, "undone" when rolling back.
  std::string done_status = "done";
  /// When set, a second connection watches concurrent index builds through
  /// pg_stat_progress_create_index and reports index_progress events.
  std::string progress_conninfo;
};

struct RunOutcome {
  bool ok = true;
  int failed_step = 0;
  std::string error;
};

/// Whether a failure is worth retrying: the lock was not granted in time, a deadlock, a
/// serialization failure.
bool IsRetryable(const std::string& sqlstate);

/// Sleeps before retry `attempt` (1, 2, …): exponential backoff with full jitter, so retrying
/// applies do not march in step.
void Backoff(int attempt, const RunOptions& options);

/// Runs every step of `plan` that the journal of `plan_id` does not record as done.
RunOutcome RunJournaled(pqxx::connection& conn, Journal& journal, long plan_id,
                        const planner::Plan& plan, const RunOptions& options);

/// One dry-run verdict per step: "ok", "failed: …", or "not run: …".
struct DryRunStep {
  int step = 0;
  std::string verdict;
  bool failed = false;
};

/// Runs every transactional step inside one transaction (each under a savepoint) and rolls it
/// all back. Non-transactional steps, and steps that depend on one, are listed as not run.
std::vector<DryRunStep> DryRun(pqxx::connection& conn, const planner::Plan& plan,
                               const RunOptions& options);

}  // namespace keel::apply
