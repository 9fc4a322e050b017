#include "cli/apply_mysql.h"

#include <fmt/format.h>
#include <unistd.h>

#include "apply/backup.h"
#include "apply/mysql/backup.h"
#include "apply/mysql/journal.h"
#include "apply/mysql/runner.h"
#include "cli/apply_flow.h"
#include "cli/exit_codes.h"
#include "cli/planning.h"
#include "cli/sources.h"
#include "diff/differ.h"
#include "introspect/mysql/introspect.h"
#include "parser/mysql/parser.h"
#include "planner/dump.h"

namespace keel::cli {
namespace {

namespace my = introspect::mysql;

std::string Value(const std::optional<std::string>& v) { return v.value_or(""); }

// What may stop a MySQL plan before it starts: an old server without online DDL, and open
// transactions, whose metadata locks every ALTER waits behind (and every query after it).
std::vector<apply::Check> Preflight(my::Connection& conn, int long_transaction_ms) {
  std::vector<apply::Check> checks;
  apply::Check version("server version");
  const std::string v = conn.ServerVersion();
  int major = 0, minor = 0;
  std::sscanf(v.c_str(), "%d.%d", &major, &minor);
  version.detail = v;
  if (conn.IsMariaDb() ? (major < 10 || (major == 10 && minor < 3)) : major < 8) {
    version.ok = false;
    version.detail += ": keel plans for MariaDB 10.3+ and MySQL 8.0+ (instant ADD COLUMN)";
  }
  checks.push_back(version);

  apply::Check old("long transactions");
  auto rows = conn.Query(
      fmt::format("SELECT trx_mysql_thread_id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) FROM "
                  "information_schema.INNODB_TRX WHERE trx_mysql_thread_id <> CONNECTION_ID() AND "
                  "trx_started < NOW() - INTERVAL {} SECOND ORDER BY trx_started",
                  long_transaction_ms / 1000));
  if (rows.rows.empty()) old.detail = "none";
  for (const auto& r : rows.rows)
    old.detail += fmt::format("{}connection {} open for {} s", old.detail.empty() ? "" : ", ",
                              Value(r[0]), Value(r[1]));
  if (!rows.rows.empty()) {
    old.ok = false;
    old.detail += "; every ALTER would wait behind its metadata lock, and the queries behind it";
  }
  checks.push_back(old);

  // Sessions of this database (other databases' waits do not queue behind this plan's ALTERs).
  apply::Check waiting("metadata lock waits");
  rows = conn.Query(
      "SELECT ID, COALESCE(INFO, '') FROM information_schema.PROCESSLIST WHERE STATE LIKE "
      "'Waiting for%metadata lock%' AND DB = DATABASE() ORDER BY ID");
  for (const auto& r : rows.rows)
    waiting.detail += fmt::format("{}connection {} waits: {}", waiting.detail.empty() ? "" : "; ",
                                  Value(r[0]), Value(r[1]).substr(0, 80));
  waiting.ok = rows.rows.empty();
  if (waiting.ok) waiting.detail = "none";
  checks.push_back(waiting);
  return checks;
}

// The database reached the target: nothing left to plan.
apply::Check Converged(const model::Catalog& live, const model::Catalog& target) {
  apply::Check check("no drift from the plan's target");
  auto left = diff::Diff(live, target);
  for (size_t i = 0; i < left.size() && i < 5; ++i)
    check.detail += (i ? "; " : "") + diff::Describe(left[i]);
  check.ok = left.empty();
  if (check.ok) check.detail = "nothing left to plan";
  return check;
}

// The same for the target a plan carries (saved plans hold it as SQL).
apply::Check Converged(const model::Catalog& live, const std::string& desired_sql) {
  apply::Check check("no drift from the plan's target");
  check.skipped = true;
  if (desired_sql.empty()) {
    check.detail = "the plan carries no target schema";
    return check;
  }
  auto parsed = parser::mysql::ParseMySqlFiles({{"plan's target", desired_sql}});
  if (!parsed.ok()) {
    check.detail = "the plan's target does not parse: " + parsed.errors[0].Render();
    return check;
  }
  return Converged(live, parsed.catalog);
}

// A server error number that means the session is gone.
bool LostConnection(unsigned int code) { return code == 2006 || code == 2013; }

// What apply and rollback on a MySQL target start from: their options, a connection and the
// database the URL names.
struct MySqlTarget {
  std::string url, label, database;
  int lock_wait_ms = 5000;
  apply::RunOptions run_options;
  std::optional<my::Connection> conn;
};

int OpenTarget(const ParsedArgs& args, Reporter& report, std::ostream& err, MySqlTarget* t) {
  const std::string command = "keel " + args.command;
  if (args.Has("in-schema")) {
    err << command
        << ": --in-schema is for PostgreSQL schemas; a MySQL target is one database "
           "(name it in the URL)\n";
    return kExitUsage;
  }
  if (int c = DurationArg(args, "lock-wait", &t->lock_wait_ms, err)) return c;
  int rc = kExitOk;
  t->run_options = RunOptionsFor(args, report, &rc, err);
  if (rc) return rc;
  t->url = TargetDatabase(args);
  t->label = my::RedactUrl(t->url);
  try {
    t->conn.emplace(t->url);
    t->database = t->conn->Database();
  } catch (const my::ConnectError& e) {
    err << "keel: " << e.message << "\n";
    return kExitConnect;
  } catch (const my::SqlError& e) {
    err << command << ": " << t->label << ": " << e.message << "\n";
    return kExitConnect;
  }
  report.SetTarget(t->label);
  if (t->database.empty()) {
    err << command << ": " << t->label << " names no database (mysql://host/DATABASE)\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace

model::Catalog IntrospectMySql(const std::string& url) {
  my::Connection conn(url);
  return my::Introspect(conn);
}

int ApplyMySql(const ParsedArgs& args, const apply::SavedPlan& saved, const std::string& text,
               bool ask, Reporter& report, std::ostream& err) {
  const planner::Plan& plan = saved.plan;
  if (args.Has("dry-run")) {
    err << "keel apply: --dry-run: MySQL commits every DDL statement at once, so a step cannot "
           "be tried and rolled back; review keel plan's output instead\n";
    return kExitUsage;
  }
  int long_transaction_ms = 5 * 60 * 1000;
  if (int c = DurationArg(args, "long-transaction", &long_transaction_ms, err)) return c;
  MySqlTarget target;
  if (int c = OpenTarget(args, report, err, &target)) return c;
  my::Connection& conn = *target.conn;
  const std::string& url = target.url;
  const std::string& label = target.label;
  long plan_id = 0;
  try {
    apply::mysql::Journal journal(conn, target.database);
    if (ask) {
      if (!isatty(STDIN_FILENO)) {
        err << "keel apply: stdin is not a terminal; pass --yes to apply without confirmation\n";
        return kExitUsage;
      }
      if (!plan.empty() && !Confirm(saved, label, err)) {
        err << "keel apply: not confirmed; nothing changed\n";
        return kExitOk;
      }
    }
    if (int c = TakeApplyLock(journal, target.lock_wait_ms, label, err)) return c;
    const bool has_journal = journal.Exists();
    bool backed_up = false;
    if (has_journal) {
      bool done = false;
      if (int c = FindPlanRun(journal, saved, label, false, report, err, &plan_id, &done)) return c;
      if (done) return kExitOk;
      if (plan_id) backed_up = !journal.Unfinished(saved.hash)->backup.empty();
    }
    bool nothing_to_do = false;
    if (int c = ResumeOrCheckDrift(
            plan_id, saved, label, [&] { return planner::Fingerprint(my::Introspect(conn)); },
            report, err, &nothing_to_do))
      return c;
    if (nothing_to_do) return kExitOk;
    if (!report.Checks("preflight", Preflight(conn, long_transaction_ms)) && !args.Has("force")) {
      err << "keel apply: preflight failed; nothing changed (--force goes on regardless)\n";
      return kExitPreflight;
    }
    if (!has_journal) {
      try {
        journal.Ensure();
      } catch (const my::SqlError& e) {
        err << "keel apply: preflight: cannot create the journal (database keel) on " << label
            << ": " << e.message << "\n";
        return kExitPreflight;
      }
    }
    BeginOrResume(journal, saved, text, label, report, &plan_id);
    // MySQL cannot roll DDL back: a copy of what destructive steps touch comes first.
    BackupFn backup = [&](const std::vector<std::string>& tables, const std::string& dir,
                          const std::string& name) {
      return apply::mysql::Backup(url, tables, dir, name);
    };
    if (int c =
            BackupBeforeDestructive(journal, plan_id, plan, args, backed_up, backup, report, err))
      return c;
    auto outcome = apply::mysql::RunJournaled(conn, journal, plan_id, plan, target.run_options);
    if (!outcome.ok)
      return StepFailedExit(journal, plan_id, outcome,
                            "The statements before it are applied and recorded (MySQL commits "
                            "each one). Fix the cause and run the same command again to resume "
                            "(keel status shows where it stopped).",
                            report, err);
    model::Catalog live = my::Introspect(conn);
    return FinishApply(journal, plan_id, planner::Fingerprint(live),
                       {Converged(live, plan.desired_sql)}, report, err);
  } catch (const my::SqlError& e) {
    err << "keel apply: " << label << ": " << e.message << "\n";
    if (LostConnection(e.code))
      err << "The journal records how far it got; run the same command again to resume.\n";
    return plan_id ? kExitStepFailed : kExitConnect;
  } catch (const std::exception& e) {
    err << "keel apply: " << e.what() << "\n";
    return kExitStepFailed;
  }
}

int RollbackMySql(const ParsedArgs& args, int count, Reporter& report, std::ostream& err) {
  MySqlTarget target;
  if (int c = OpenTarget(args, report, err, &target)) return c;
  my::Connection& conn = *target.conn;
  const std::string& label = target.label;
  try {
    apply::mysql::Journal journal(conn, target.database);
    if (!journal.Exists()) {
      err << "keel rollback: no plan was applied to " << label
          << " (no database keel); nothing to roll back\n";
      return kExitOk;
    }
    if (int c = TakeApplyLock(journal, target.lock_wait_ms, label, err)) return c;
    RollbackOptions options;
    options.count = count;
    options.force = args.Has("force");
    options.label = label;
    options.run_options = target.run_options;
    // Every statement commits by itself: a step took effect unless its first statement failed
    // (or it never started); the runner tolerates what a half-done one did not do.
    options.took_effect = [](const apply::StepRecord& r) {
      if (r.status == "pending") return false;
      return r.status != "failed" || (!r.progress.empty() && r.progress != "0");
    };
    options.run = [&](long plan_id, const planner::Plan& undo, const apply::RunOptions& run) {
      return apply::mysql::RunJournaled(conn, journal, plan_id, undo, run);
    };
    options.fingerprint = [&] { return planner::Fingerprint(my::Introspect(conn)); };
    return RollbackPlans(journal, options, report, err);
  } catch (const my::SqlError& e) {
    err << "keel rollback: " << label << ": " << e.message << "\n";
    if (LostConnection(e.code))
      err << "The journal records how far it got; run keel rollback again to continue.\n";
    return kExitRollback;
  } catch (const std::exception& e) {
    err << "keel rollback: " << e.what() << "\n";
    return kExitRollback;
  }
}

int PreflightMySql(const ParsedArgs& args, const apply::SavedPlan& saved, int long_transaction_ms,
                   Reporter& report, std::ostream& err) {
  MySqlTarget target;
  if (int c = OpenTarget(args, report, err, &target)) return c;
  my::Connection& conn = *target.conn;
  try {
    apply::mysql::Journal journal(conn, target.database);
    return PreflightVerdict(Preflight(conn, long_transaction_ms), saved,
                            planner::Fingerprint(my::Introspect(conn)), journal, report, err);
  } catch (const std::exception& e) {
    err << "keel preflight: " << target.label << ": " << e.what() << "\n";
    return kExitPreflight;
  }
}

int PostflightMySql(const ParsedArgs& args, Reporter& report, std::ostream& err) {
  MySqlTarget target;
  if (int c = OpenTarget(args, report, err, &target)) return c;
  my::Connection& conn = *target.conn;
  try {
    const model::Catalog live = my::Introspect(conn);
    std::vector<apply::Check> checks;
    if (args.Has("schema")) {
      LoadOptions load{args.Has("strict"), args.Has("quiet"), nullptr, ""};
      load.dialect = model::Dialect::kMySql;
      UseLiveMySqlDefaults({target.url}, &load.mysql);
      LoadedCatalog files;
      if (int rc = LoadCatalog(args.GetAll("schema"), load, &files, err)) return rc;
      checks.push_back(Converged(live, files.catalog));
    } else {
      // The newest plan applied here, and the target it carries.
      apply::mysql::Journal journal(conn, target.database);
      const std::optional<apply::SavedPlan> last = LastApplied(journal, report);
      checks.push_back(last ? Converged(live, last->plan.desired_sql)
                            : apply::Check("no drift from the plan's target"));
      if (!last) {
        checks.back().skipped = true;
        checks.back().detail = "no plan applied here, and no --schema to compare with";
      }
    }
    return PostflightVerdict(std::move(checks), live, report, err);
  } catch (const std::exception& e) {
    err << "keel postflight: " << target.label << ": " << e.what() << "\n";
    return kExitPostflight;
  }
}

int RestoreMySql(const ParsedArgs& args, const std::string& path, Reporter& report,
                 std::ostream& err) {
  MySqlTarget target;
  if (int c = OpenTarget(args, report, err, &target)) return c;
  my::Connection& conn = *target.conn;
  bool confirmed = false;
  if (int c = ConfirmRestore(args, path, target.label, target.database, err, &confirmed)) return c;
  if (!confirmed) return kExitOk;
  try {
    apply::mysql::Journal journal(conn, target.database);
    if (journal.Exists())
      if (int c = TakeApplyLock(journal, target.lock_wait_ms, target.label, err)) return c;
    report.SetFingerprint("before", planner::Fingerprint(my::Introspect(conn)));
    report.Line("restoring " + path + " into " + target.label);
    if (std::string error = apply::mysql::Restore(target.url, path); !error.empty()) {
      err << "keel restore: " << error
          << "\nMySQL commits each statement: the tables before the failing one are restored. "
             "The backup drops and re-creates each table it holds: fix the cause and run it "
             "again.\n";
      return kExitRollback;
    }
    std::string after = planner::Fingerprint(my::Introspect(conn));
    report.SetFingerprint("after", after);
    report.Line("restored; schema checksum " + after);
    return kExitOk;
  } catch (const std::exception& e) {
    err << "keel restore: " << target.label << ": " << e.what() << "\n";
    return kExitRollback;
  }
}

int StatusMySql(const ParsedArgs& args, int limit, std::ostream& out, std::ostream& err) {
  const std::string url = TargetDatabase(args);
  try {
    my::Connection conn(url);
    const std::string database = conn.Database();
    apply::mysql::Journal journal(conn, database);
    if (!journal.Exists()) {
      out << "No plan has been applied to " << conn.url() << " (no database keel).\n";
      return kExitOk;
    }
    PrintHistory(out, journal.Holder(), journal.Plans(limit), [&](long id) {
      auto steps = journal.Steps(id);
      for (auto& [n, s] : steps)
        s.progress = s.status == "running" || s.status == "failed" || s.status == "undoing" ||
                             s.status == "undo_failed"
                         ? s.progress + " statements done"
                         : std::string();
      return steps;
    });
    return kExitOk;
  } catch (const my::ConnectError& e) {
    err << "keel: " << e.message << "\n";
    return kExitConnect;
  } catch (const std::exception& e) {
    err << "keel status: " << e.what() << "\n";
    return kExitConnect;
  }
}

}  // namespace keel::cli
