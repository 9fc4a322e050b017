// Conformance runner: third-party cases (sqldef, migra) and keel's own golden cases checked
// end to end on the throwaway server. Per case:
//   fresh database A <- current.sql; keel plans desired.sql against A; the plan is applied;
//   fresh database B <- desired.sql; `keel diff A B` must be empty (converged) and a second
//   plan against A must be empty (idempotent). Golden cases also apply the rollback script and
//   compare A with a fresh load of current.sql.
#pragma once

#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace keel::conformance {

struct Case {
  std::string name;          // directory name, or golden path without ".case"
  std::string current_path;  // files keel and psql read
  std::string desired_path;
  bool golden = false;  // plan from files and check the rollback too
  /// Options added to every keel plan and diff of the case: --privileges for the third-party
  /// suites (their GRANTs are meant), a golden case's `args` section.
  std::vector<std::string> args;
  std::string not_applicable;  // non-empty: skipped, with the reason
};

enum class Outcome { kPass, kFail, kNotApplicable };

struct Result {
  Result() = default;
  Result(Outcome o, std::string c, std::string d)
      : outcome(o), cause(std::move(c)), detail(std::move(d)) {}
  Outcome outcome = Outcome::kPass;
  /// Failure: "<stage>: <short cause>", stable across cases so that counts group well
  /// ("unsupported: CREATE VIEW", "not converged: alter column (default)").
  std::string cause;
  /// Failure: one line of detail (the first error line, the first extra step).
  std::string detail;
  /// For a converged case: whether applying the rollback script gave back the original schema.
  enum class Rollback { kNotChecked, kIrreversible, kRestored, kFailed };
  Rollback rollback = Rollback::kNotChecked;
  std::string rollback_detail;  // kFailed: the stage and the first line of why
};

/// Connection facts shared by all workers.
struct Server {
  std::string conninfo;  // "host=… port=… user=postgres", without dbname
};

/// The databases of one worker thread, reused from case to case: emptied between cases (all
/// user schemas and extensions dropped), recreated when emptying leaves anything behind.
class Workspace {
 public:
  explicit Workspace(const Server& server);
  ~Workspace();  // drops its databases
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  /// The conninfo of an empty database for `slot` ("a", "b", …).
  std::string Acquire(const std::string& slot);

 private:
  pqxx::connection& Admin();
  void Drop(const std::string& name);
  const Server& server_;
  std::unique_ptr<pqxx::connection> admin_;       // CREATE/DROP DATABASE
  std::map<std::string, std::string> databases_;  // slot -> name
};

/// Runs one case in `workspace`. Cases in different workspaces may run in parallel.
Result RunCase(Workspace& workspace, const Case& c);

/// Creates `roles` on the server, ignoring those that exist.
void CreateRoles(const Server& server, const std::vector<std::string>& roles);

}  // namespace keel::conformance
