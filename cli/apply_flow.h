// The steps of keel apply that do not depend on the server: finding the run to resume, the
// drift check, the journal's plan record, the backup before destructive steps, and the end of
// a run. keel apply on PostgreSQL (cli/apply_cmd.cpp) and on MySQL (cli/apply_mysql.cpp) are
// these steps around their own connection, journal and runner.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "apply/backup.h"
#include "apply/checks.h"
#include "apply/journal.h"
#include "apply/runner.h"
#include "apply/saved_plan.h"
#include "cli/options.h"
#include "cli/reporter.h"

namespace keel::cli {

/// Prints the plan and asks for "yes" on the terminal.
bool Confirm(const apply::SavedPlan& saved, const std::string& label, std::ostream& err);
/// --retries and the reporter's event sink; sets *rc on a bad --retries.
apply::RunOptions RunOptionsFor(const ParsedArgs& args, Reporter& report, int* rc,
                                std::ostream& err);
/// keel status's table of plans and the steps of unfinished ones.
void PrintHistory(std::ostream& out, const std::string& holder,
                  const std::vector<apply::PlanRecord>& plans,
                  const std::function<std::map<int, apply::StepRecord>(long)>& steps_of);

/// The journal's verdict on `saved`: applied already (*done, said so), an unfinished run of it
/// to resume (*plan_id), or a refusal (exit 8) when another plan is unfinished.
int FindPlanRun(apply::JournalStore& journal, const apply::SavedPlan& saved,
                const std::string& label, bool dry_run, Reporter& report, std::ostream& err,
                long* plan_id, bool* done);
/// A resumed run says so; a new one must start from the plan's schema (else exit 8, drift).
/// *nothing_to_do for an empty plan.
int ResumeOrCheckDrift(long plan_id, const apply::SavedPlan& saved, const std::string& label,
                       const std::function<std::string()>& live_fingerprint, Reporter& report,
                       std::ostream& err, bool* nothing_to_do);
/// Records a new run (sets *plan_id) or marks the resumed one running.
void BeginOrResume(apply::JournalStore& journal, const apply::SavedPlan& saved,
                   const std::string& text, const std::string& label, Reporter& report,
                   long* plan_id);

/// Writes a backup of `tables` (all when empty) into DIR/NAME.*.
using BackupFn = std::function<apply::BackupResult(
    const std::vector<std::string>& tables, const std::string& dir, const std::string& name)>;
/// A backup before the first destructive step still to run (unless --skip-backup or
/// `backed_up`); exit 1 when it fails.
int BackupBeforeDestructive(apply::JournalStore& journal, long plan_id, const planner::Plan& plan,
                            const ParsedArgs& args, bool backed_up, const BackupFn& backup,
                            Reporter& report, std::ostream& err);
/// Records a failed run (exit 2); `kept` says what the failure left and how to go on.
int StepFailedExit(apply::JournalStore& journal, long plan_id, const apply::RunOutcome& outcome,
                   const std::string& kept, Reporter& report, std::ostream& err);
/// Records the run applied with the schema's fingerprint `after`, reports the postflight
/// checks and releases the lock; exit 3 when a check failed.
int FinishApply(apply::JournalStore& journal, long plan_id, const std::string& after,
                const std::vector<apply::Check>& postflight, Reporter& report, std::ostream& err);

/// keel preflight's verdict: the server's `checks`, then whether the live schema is the one the
/// plan starts from and whether another plan is unfinished; exit 1 when a check failed.
int PreflightVerdict(std::vector<apply::Check> checks, const apply::SavedPlan& saved,
                     const std::string& live_fingerprint, apply::JournalStore& journal,
                     Reporter& report, std::ostream& err);

/// keel restore's typed confirmation: --confirm-target NAME, or the name typed on the terminal
/// (the keel.toml target's name, else `database`). *confirmed when it may go on; a non-zero
/// exit when it must not (no terminal, wrong name).
int ConfirmRestore(const ParsedArgs& args, const std::string& path, const std::string& label,
                   const std::string& database, std::ostream& err, bool* confirmed);

/// The newest plan of the journal that was applied (noted in the report), if any.
std::optional<apply::SavedPlan> LastApplied(apply::JournalStore& journal, Reporter& report);
/// keel postflight's verdict: `checks` and the schema's checksum; exit 3 when a check failed.
int PostflightVerdict(std::vector<apply::Check> checks, const model::Catalog& live,
                      Reporter& report, std::ostream& err);

/// Takes the journal's apply lock, waiting up to `wait_ms`; exit 8 naming the holder.
int TakeApplyLock(apply::JournalStore& journal, int wait_ms, const std::string& label,
                  std::ostream& err);

struct RollbackOptions {
  int count = 1;       // the newest plans to undo (--steps)
  bool force = false;  // undo the rest when some steps cannot be undone
  std::string label;   // the target, for messages
  /// Retries and the event sink (RunOptionsFor); the done status is set to "undone".
  apply::RunOptions run_options;
  /// Whether a step of the applied plan took effect, by its journal record.
  std::function<bool(const apply::StepRecord&)> took_effect;
  /// Runs the undo steps of a plan against the journal (done status "undone").
  std::function<apply::RunOutcome(long, const planner::Plan&, const apply::RunOptions&)> run;
  /// The schema's fingerprint once a plan is rolled back.
  std::function<std::string()> fingerprint;
};
/// keel rollback with the apply lock held: undoes the newest applied, failed or unfinished
/// plans, newest first, each step that took effect in reverse; releases the lock.
int RollbackPlans(apply::JournalStore& journal, const RollbackOptions& options, Reporter& report,
                  std::ostream& err);

}  // namespace keel::cli
