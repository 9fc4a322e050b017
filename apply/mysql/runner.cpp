#include "apply/mysql/runner.h"

#include <fmt/format.h>

#include <chrono>

namespace keel::apply::mysql {
namespace {

using introspect::mysql::SqlError;

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Emit(const RunOptions& options, Event e) {
  if (options.on_event) options.on_event(e);
}

bool IsSessionSetting(const std::string& sql) { return sql.starts_with("SET SESSION "); }

}  // namespace

std::string FirstRowOf(Connection& conn, const std::vector<std::string>& queries) {
  for (const auto& query : queries) {
    auto result = conn.Query(query + " LIMIT 1");
    if (result.rows.empty()) continue;
    std::string row;
    for (size_t c = 0; c < result.columns.size(); ++c)
      row += (c ? ", " : "") + result.columns[c] + " = " + result.rows[0][c].value_or("NULL");
    return "the statements ran, but rows break what they set up (first: " + row +
           "); fix those rows and run again: " + query;
  }
  return "";
}

bool IsRetryable(unsigned int code) {
  return code == 1205 /* lock wait timeout */ || code == 1213 /* deadlock */;
}

bool AlreadyApplied(const SqlError& error) {
  // InnoDB says a foreign key's name is taken as "errno: 121" under the generic 1005.
  if (error.code == 1005) return error.message.find("errno: 121") != std::string::npos;
  switch (error.code) {
    case 1050:  // table exists
    case 1051:  // unknown table
    case 1054:  // unknown column
    case 1060:  // duplicate column
    case 1061:  // duplicate key name
    case 1068:  // multiple primary key
    case 1091:  // can't drop: does not exist
    case 1146:  // no such table
    case 1304:  // routine exists
    case 1305:  // routine does not exist
    case 1359:  // trigger exists
    case 1360:  // trigger does not exist
    case 1826:  // duplicate constraint name
      return true;
    default:
      return false;
  }
}

RunOutcome RunJournaled(Connection& conn, Journal& journal, long plan_id, const planner::Plan& plan,
                        const RunOptions& options) {
  const int wait_s = std::max(1, (plan.settings.lock_timeout_ms + 999) / 1000);
  // Waiting for a lock is bounded; the statement's own work is not.
  conn.Execute(fmt::format("SET SESSION lock_wait_timeout = {}", wait_s));
  conn.Execute(fmt::format("SET SESSION innodb_lock_wait_timeout = {}", wait_s));
  auto steps = journal.Steps(plan_id);
  // A rollback (done_status "undone") runs each step's undo statements, counted apart from the
  // forward run's under their own statuses.
  const bool undo = options.done_status == "undone";
  const std::string running = undo ? "undoing" : "running";
  const std::string failed = undo ? "undo_failed" : "failed";
  for (const auto& step : plan.steps) {
    const StepRecord& record = steps[step.id];
    if (record.status == options.done_status) {
      Emit(options, {"step_skipped", &step, 0, 0, "done in an earlier run"});
      continue;
    }
    const bool resumed = !undo || record.status == "undoing" || record.status == "undo_failed";
    // The previous run died inside this step: its next statement may have taken effect.
    const bool dirty = record.status == running;
    // Undoing a step the forward run left half done: what it did not do is not there to undo.
    const bool partial = undo && !resumed && record.status != "done";
    const int done = resumed && !record.progress.empty() ? std::stoi(record.progress) : 0;
    const auto start = std::chrono::steady_clock::now();
    Emit(options, {"step_start", &step, 1, 0, ""});
    journal.StepStarted(plan_id, step.id, running, !resumed);
    // Session settings the step made before it stopped belong to this session too.
    for (int i = 0; i < done && i < static_cast<int>(step.sql.size()); ++i)
      if (IsSessionSetting(step.sql[i])) conn.Execute(step.sql[i]);
    for (size_t i = static_cast<size_t>(done); i < step.sql.size(); ++i) {
      for (int attempt = 1;; ++attempt) {
        try {
          conn.Execute(step.sql[i]);
          break;
        } catch (const SqlError& e) {
          if (((dirty && static_cast<int>(i) == done) || partial) && AlreadyApplied(e)) {
            Emit(options, {"reconciled", &step, attempt, Since(start),
                           partial ? fmt::format("statement {} has nothing to undo: the step "
                                                 "stopped before it took effect ({})",
                                                 i + 1, e.message)
                                   : fmt::format("statement {} had taken effect before the "
                                                 "last run stopped ({})",
                                                 i + 1, e.message)});
            break;
          }
          if (IsRetryable(e.code) && attempt < options.max_attempts) {
            Emit(options, {"retry", &step, attempt, Since(start), e.message});
            Backoff(attempt, options);
            continue;
          }
          std::string error =
              step.sql.size() > 1 ? fmt::format("statement {}: {}", i + 1, e.message) : e.message;
          journal.StepFailed(plan_id, step.id, error, failed);
          Emit(options, {"step_failed", &step, attempt, Since(start), error});
          return {false, step.id, error};
        }
      }
      journal.StatementsDone(plan_id, step.id, static_cast<int>(i) + 1);
    }
    if (std::string error = FirstRowOf(conn, step.expect_empty); !error.empty()) {
      journal.StepFailed(plan_id, step.id, error, failed);
      Emit(options, {"step_failed", &step, 1, Since(start), error});
      return {false, step.id, error};
    }
    journal.StepFinished(plan_id, step.id, options.done_status);
    Emit(options, {"step_done", &step, 1, Since(start), ""});
  }
  return {};
}

}  // namespace keel::apply::mysql
