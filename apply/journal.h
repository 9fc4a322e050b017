// The apply history and journal in the target database (schema keel): one row per plan and
// one per step, written before and after each step. A step marked running but not done is
// "dirty": the run that started it died. The journal is what makes resume possible, and the
// advisory lock taken here is what keeps two applies apart. A journal has a scope: the tenant
// schema of a --in-schema target, or '' for the whole database; tenants of one database keep
// their plans apart and apply in parallel.
#pragma once

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

namespace keel::apply {

struct PlanRecord {
  long id = 0;
  std::string hash;
  std::string status;  // running, failed, applied, rolling_back, rolled_back, rollback_failed
  std::string applied_by;
  std::string started_at;
  std::string finished_at;
  std::string fingerprint_before;
  std::string fingerprint_after;
  std::string backup;
  std::string plan_json;
};

struct StepRecord {
  int step = 0;
  std::string description;
  std::string status;  // pending, running, done, failed, undone
  int attempts = 0;
  std::string error;
  std::string progress;  // a backfill's last committed key, as JSON text
  std::string started_at;
  std::string finished_at;
};

/// What keel apply needs of a journal, whichever server keeps it.
class JournalStore {
 public:
  virtual ~JournalStore() = default;
  /// Whether the journal's tables exist (a dry run never creates them).
  virtual bool Exists() = 0;
  /// Creates the journal's tables when missing.
  virtual void Ensure() = 0;
  /// Takes the apply lock of this scope, polled for up to `wait_ms`.
  virtual bool Lock(int wait_ms) = 0;
  virtual void Unlock() = 0;
  /// Who holds the lock, for messages; empty when no one does.
  virtual std::string Holder() = 0;
  /// The newest plans of this scope, newest first.
  virtual std::vector<PlanRecord> Plans(int limit) = 0;
  /// The newest plan of this scope with this hash that was not finished (running or failed).
  virtual std::optional<PlanRecord> Unfinished(const std::string& hash) = 0;
  /// The newest plan of this scope, of any hash, that was not finished.
  virtual std::optional<PlanRecord> AnyUnfinished() = 0;
  /// The newest plan of this scope with this hash that was applied.
  virtual std::optional<PlanRecord> Applied(const std::string& hash) = 0;
  virtual std::map<int, StepRecord> Steps(long plan_id) = 0;
  /// Records a new plan of this scope and its steps (pending); returns its id.
  virtual long Begin(const std::string& hash, const std::string& fingerprint,
                     const std::string& plan_json,
                     const std::vector<std::pair<int, std::string>>& steps,
                     const std::string& status) = 0;
  virtual void SetPlanStatus(long id, const std::string& status,
                             const std::string& fingerprint_after = "") = 0;
  virtual void SetBackup(long id, const std::string& path) = 0;
};

/// "os-user@host" of the process running keel.
std::string OsUser();

class Journal : public JournalStore {
 public:
  explicit Journal(pqxx::connection& conn, std::string scope = "")
      : conn_(conn), scope_(std::move(scope)) {}

  /// Whether schema keel and its tables exist (a dry run never creates them).
  bool Exists() override;
  /// Creates schema keel and its tables when missing, and adds the scope column to a journal
  /// written before it.
  void Ensure() override;

  /// Session-level advisory lock for this scope, polled for up to `wait_ms`: the whole
  /// database's lock exclusively, or a tenant's own lock plus the whole database's shared, so
  /// tenants apply in parallel but never beside a whole-database apply.
  bool Lock(int wait_ms) override;
  void Unlock() override;
  /// Who holds the lock: "pid 123 (user alice, application 'keel apply', since …)", or empty.
  std::string Holder() override;

  std::vector<PlanRecord> Plans(int limit) override;
  std::optional<PlanRecord> Plan(long id);
  std::optional<PlanRecord> Unfinished(const std::string& hash) override;
  std::optional<PlanRecord> AnyUnfinished() override;
  std::optional<PlanRecord> Applied(const std::string& hash) override;
  std::map<int, StepRecord> Steps(long plan_id) override;
  /// Whether a dry run of this plan succeeded within the last `ms` milliseconds.
  bool DryRunWithin(const std::string& hash, int ms);

  long Begin(const std::string& hash, const std::string& fingerprint, const std::string& plan_json,
             const std::vector<std::pair<int, std::string>>& steps,
             const std::string& status) override;
  void SetPlanStatus(long id, const std::string& status,
                     const std::string& fingerprint_after = "") override;
  void SetBackup(long id, const std::string& path) override;

  /// Marks a step running and counts the attempt (committed at once).
  void StepStarted(long plan_id, int step);
  /// Marks a step `status` inside `tx`, so a transactional step and its record commit together.
  void StepFinished(pqxx::transaction_base& tx, long plan_id, int step, const std::string& status);
  void StepFailed(long plan_id, int step, const std::string& error);
  /// Records a backfill's last committed key inside the batch's transaction.
  void StepProgress(pqxx::transaction_base& tx, long plan_id, int step,
                    const std::string& progress);

 private:
  /// " AND scope = …" for this journal's scope; a journal without the column holds only
  /// whole-database plans.
  std::string InScope(pqxx::transaction_base& tx);
  bool HasScopeColumn(pqxx::transaction_base& tx);

  pqxx::connection& conn_;
  std::string scope_;
  bool has_scope_column_ = false;
  bool checked_scope_column_ = false;
};

/// Who runs keel, for the history: "os-user@host as db-user".
std::string AppliedBy(pqxx::connection& conn);

}  // namespace keel::apply
