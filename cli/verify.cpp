#include "cli/verify.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <optional>

#include "apply/executor.h"
#include "apply/mysql/runner.h"
#include "apply/shadow.h"
#include "cli/exit_codes.h"
#include "introspect/mysql/introspect.h"
#include "introspect/postgres/align.h"
#include "introspect/postgres/introspect.h"
#include "model/default_schema.h"
#include "model/normalize.h"
#include "planner/planner.h"

namespace keel::cli {
namespace {

// Runs `plan`; on a failure names the step and the server's message.
bool Run(pqxx::connection& conn, const planner::Plan& plan, const std::string& what,
         std::ostream& err) {
  auto outcomes = apply::RunPlan(conn, plan);
  if (outcomes.empty() || outcomes.back().ok) return true;
  const auto& failed = outcomes.back();
  for (const auto& s : plan.steps)
    if (s.id == failed.step)
      err << "keel: --verify: " << what << ": step " << s.id << " (" << s.description
          << ") failed: " << failed.error << "\n";
  return false;
}

namespace my = introspect::mysql;

// Runs a MySQL plan's statements and its checks; on a failure names the step and the message.
bool RunMySql(my::Connection& conn, const planner::Plan& plan, const std::string& what,
              std::ostream& err) {
  for (const auto& s : plan.steps) {
    try {
      for (const auto& sql : s.sql) conn.Execute(sql);
      if (std::string rows = apply::mysql::FirstRowOf(conn, s.expect_empty); !rows.empty())
        throw std::runtime_error(rows);
    } catch (const std::exception& e) {
      err << "keel: --verify: " << what << ": step " << s.id << " (" << s.description
          << ") failed: " << e.what() << "\n";
      return false;
    }
  }
  return true;
}

bool Differs(const model::Catalog& reached, const model::Catalog& desired,
             const diff::DiffOptions& options, std::ostream& err) {
  auto left = diff::Diff(reached, desired, options);
  if (left.empty()) return false;
  err << "keel: --verify: after the plan, the shadow database still differs from the desired "
         "schema:\n";
  for (const auto& c : left) err << "  " << diff::Describe(c) << "\n";
  return true;
}

void SayVerified(bool quiet, std::ostream& err) {
  if (!quiet)
    err << "keel: verified: the plan applies to a shadow copy of the current schema and leaves "
           "nothing to plan\n";
}

// A scratch database on a MySQL server with the live database's defaults, dropped at the end.
class MySqlShadow {
 public:
  explicit MySqlShadow(my::Connection& conn) : conn_(conn) {
    const auto defaults = my::ReadDatabaseDefaults(conn);
    name_ = fmt::format("keel_verify_{}_{}", getpid(),
                        std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
    conn.Execute(fmt::format("CREATE DATABASE `{}` CHARACTER SET {} COLLATE {}", name_,
                             defaults.charset, defaults.collation));
    conn.Execute(fmt::format("USE `{}`", name_));
  }
  ~MySqlShadow() {
    try {
      conn_.Execute(fmt::format("DROP DATABASE IF EXISTS `{}`", name_));
    } catch (const std::exception&) {
      // The server is unreachable: the scratch database stays behind, named after this run.
    }
  }
  MySqlShadow(const MySqlShadow&) = delete;
  MySqlShadow& operator=(const MySqlShadow&) = delete;

 private:
  my::Connection& conn_;
  std::string name_;
};

}  // namespace

int VerifyMySqlPlan(const std::string& server, const model::Catalog& from, const model::Catalog& to,
                    const planner::Plan& plan, const diff::DiffOptions& options, bool quiet,
                    std::ostream& err) {
  std::optional<my::Connection> conn;
  std::optional<MySqlShadow> shadow;
  try {
    conn.emplace(server);
    shadow.emplace(*conn);
  } catch (const std::exception& e) {
    err << "keel: --verify: cannot create a shadow database: " << e.what() << "\n";
    return kExitConnect;
  }
  try {
    model::Catalog empty;
    empty.dialect = model::Dialect::kMySql;
    auto load = planner::BuildPlan(diff::Diff(empty, from, options), empty, from);
    if (!RunMySql(*conn, load.plan, "loading the current schema into the shadow database", err))
      return kExitStepFailed;
    if (!RunMySql(*conn, plan, "the plan on the shadow database", err)) return kExitStepFailed;
    if (Differs(my::Introspect(*conn), to, options, err)) return kExitPostflight;
  } catch (const std::exception& e) {
    err << "keel: --verify: " << e.what() << "\n";
    return kExitStepFailed;
  }
  SayVerified(quiet, err);
  return kExitOk;
}

int VerifyPlan(const std::string& server, const model::Catalog& from, const model::Catalog& to,
               const planner::Plan& plan, const diff::DiffOptions& options, bool quiet,
               std::ostream& err) {
  std::unique_ptr<apply::ScratchDatabase> shadow;
  try {
    shadow = std::make_unique<apply::ScratchDatabase>(server);
  } catch (const std::exception& e) {
    err << "keel: --verify: cannot create a shadow database: " << e.what() << "\n";
    return kExitConnect;
  }
  try {
    pqxx::connection conn(shadow->conninfo());
    // A tenant's schema is never in its catalog: the shadow needs it made, as apply does.
    if (const std::string& tenant = model::InSchema(); !tenant.empty()) {
      {
        pqxx::nontransaction tx(conn);
        tx.exec("CREATE SCHEMA " + tx.quote_name(tenant));
      }
      apply::UsePlanSchema(conn, tenant);
    }
    model::Catalog empty;
    auto load = planner::BuildPlan(diff::Diff(empty, from, options), empty, from);
    if (!Run(conn, load.plan, "loading the current schema into the shadow database", err))
      return kExitStepFailed;
    if (!Run(conn, plan, "the plan on the shadow database", err)) return kExitStepFailed;
    model::Catalog reached = introspect::postgres::Introspect(conn);
    model::Normalize(reached);
    model::Catalog desired = to;
    introspect::postgres::AlignWithServer(conn, desired, reached);
    if (Differs(reached, desired, options, err)) return kExitPostflight;
  } catch (const std::exception& e) {
    err << "keel: --verify: " << e.what() << "\n";
    return kExitStepFailed;
  }
  SayVerified(quiet, err);
  return kExitOk;
}

}  // namespace keel::cli
