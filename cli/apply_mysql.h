// keel apply, rollback and status on MySQL/MariaDB: the same contract as on PostgreSQL (journal,
// lock, drift refusal, preflight, backup, resume, postflight, exit codes), with what the server
// has: no transactional DDL, so the journal records each statement; GET_LOCK for the apply lock.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "apply/journal.h"
#include "apply/saved_plan.h"
#include "cli/options.h"
#include "cli/reporter.h"
#include "model/catalog.h"

namespace keel::cli {

/// The live MySQL database `url` (mysql://…) as a catalog. Throws
/// introspect::mysql::ConnectError / SqlError.
model::Catalog IntrospectMySql(const std::string& url);

/// Applies `saved` (a MySQL plan; `text` is its JSON) to the target of `args`. The policy and
/// hazard checks were made by the caller. `ask` when the plan came from --schema without --yes.
int ApplyMySql(const ParsedArgs& args, const apply::SavedPlan& saved, const std::string& text,
               bool ask, Reporter& report, std::ostream& err);

/// keel preflight of a MySQL plan on its mysql:// target: the server's checks (version, long
/// transactions, metadata lock waits), the schema fingerprint and unfinished plans.
int PreflightMySql(const ParsedArgs& args, const apply::SavedPlan& saved, int long_transaction_ms,
                   Reporter& report, std::ostream& err);
/// keel postflight on a mysql:// target: no drift from --schema (or the newest applied plan's
/// target), and the schema's checksum.
int PostflightMySql(const ParsedArgs& args, Reporter& report, std::ostream& err);

/// keel rollback on a mysql:// target: undoes the newest `count` plans of its journal.
int RollbackMySql(const ParsedArgs& args, int count, Reporter& report, std::ostream& err);

/// keel restore of a backup keel apply wrote (mariadb-dump) into a mysql:// target, after the
/// typed confirmation.
int RestoreMySql(const ParsedArgs& args, const std::string& path, Reporter& report,
                 std::ostream& err);

/// The apply journal of a target, whichever server it is on, with the connection it reads
/// through. Throws introspect::postgres::ConnectError / introspect::mysql::ConnectError.
class TargetJournal {
 public:
  TargetJournal(const std::string& url, const std::string& in_schema);
  ~TargetJournal();
  apply::JournalStore& operator*() { return *journal_; }
  apply::JournalStore* operator->() { return journal_.get(); }

 private:
  struct Connections;
  std::unique_ptr<Connections> conns_;
  std::unique_ptr<apply::JournalStore> journal_;
};

/// keel status on a mysql:// target: the newest `limit` plans of its journal.
int StatusMySql(const ParsedArgs& args, int limit, std::ostream& out, std::ostream& err);

}  // namespace keel::cli
