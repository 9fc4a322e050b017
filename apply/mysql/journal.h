// The apply journal on MySQL/MariaDB: database `keel` on the target server, one row per plan
// and one per step, scoped by the target database's name (several databases of one server keep
// their plans apart). MySQL commits every DDL statement by itself, so a step records how many
// of its statements are done: a killed apply resumes at the statement it was running.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "apply/journal.h"
#include "introspect/mysql/connection.h"

namespace keel::apply::mysql {

using introspect::mysql::Connection;

/// A string as an SQL literal that reads the same whatever sql_mode says about backslashes:
/// _utf8mb4 X'…'.
std::string Literal(const std::string& text);

class Journal : public JournalStore {
 public:
  /// `scope`: the target database.
  Journal(Connection& conn, std::string scope) : conn_(conn), scope_(std::move(scope)) {}

  bool Exists() override;
  void Ensure() override;
  /// GET_LOCK on the scope's name, polled; released with the session.
  bool Lock(int wait_ms) override;
  void Unlock() override;
  /// "connection 12 (user root@localhost, for 3 s)", or empty.
  std::string Holder() override;
  std::vector<PlanRecord> Plans(int limit) override;
  std::optional<PlanRecord> Unfinished(const std::string& hash) override;
  std::optional<PlanRecord> AnyUnfinished() override;
  std::optional<PlanRecord> Applied(const std::string& hash) override;
  /// StepRecord::progress holds the number of statements done.
  std::map<int, StepRecord> Steps(long plan_id) override;
  long Begin(const std::string& hash, const std::string& fingerprint, const std::string& plan_json,
             const std::vector<std::pair<int, std::string>>& steps,
             const std::string& status) override;
  void SetPlanStatus(long id, const std::string& status,
                     const std::string& fingerprint_after = "") override;
  void SetBackup(long id, const std::string& path) override;

  /// The step's statements start (`first`: from its first one, the count of those done reset)
  /// or resume; `status` is "running", or "undoing" for its rollback SQL.
  void StepStarted(long plan_id, int step, const std::string& status = "running",
                   bool first = false);
  /// `done` statements of the step have run (each one commits by itself).
  void StatementsDone(long plan_id, int step, int done);
  void StepFinished(long plan_id, int step, const std::string& status);
  /// `status`: "failed", or "undo_failed" for its rollback SQL.
  void StepFailed(long plan_id, int step, const std::string& error,
                  const std::string& status = "failed");

 private:
  std::vector<PlanRecord> SelectPlans(const std::string& where, int limit);

  Connection& conn_;
  std::string scope_;
};

}  // namespace keel::apply::mysql
