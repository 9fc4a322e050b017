// keel apply, rollback and status: the release engineer's commands. Everything they change is
// recorded in the target's journal (schema keel) first, so a failure or a kill can be resumed.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <sstream>

#include "apply/backup.h"
#include "apply/checks.h"
#include "apply/journal.h"
#include "apply/runner.h"
#include "apply/saved_plan.h"
#include "cli/exit_codes.h"
#include "cli/planning.h"
#include "emit/emit.h"
#include "introspect/postgres/introspect.h"
#include "model/normalize.h"
#include "planner/dump.h"

namespace keel::cli {
namespace {

namespace pg = introspect::postgres;

std::string UtcNow(const char* format = "%Y-%m-%dT%H:%M:%SZ") {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, format, std::gmtime(&t));
  return buf;
}

// Progress on stderr (timestamped lines; one rewritten line for batches on a terminal) and the
// audit log (JSON lines).
class Reporter {
 public:
  Reporter(const ParsedArgs& args, std::ostream& err, int total)
      : err_(err), quiet_(args.Has("quiet")), tty_(isatty(STDERR_FILENO)), total_(total) {
    if (args.Has("log")) log_.open(args.Get("log"), std::ios::app);
  }
  bool log_ok() const { return !log_.is_open() || log_.good(); }

  void Line(const std::string& text) {
    EndProgress();
    if (!quiet_) err_ << UtcNow() << " " << text << "\n";
  }

  void Log(nlohmann::json record) {
    if (!log_.is_open()) return;
    record["time"] = UtcNow();
    if (plan_id_) record["plan_id"] = plan_id_;
    log_ << record.dump() << "\n";
    log_.flush();
  }

  void SetPlan(long id) { plan_id_ = id; }

  void operator()(const apply::Event& e) {
    const auto& s = *e.step;
    const std::string where =
        total_ ? fmt::format("step {}/{}", s.id, total_) : fmt::format("step {}", s.id);
    nlohmann::json rec = {{"event", e.kind}, {"step", s.id}, {"description", s.description}};
    if (e.kind == "step_start") {
      rec["sql"] = s.sql;
      rec["attempt"] = e.attempt;
      Line(fmt::format("{} {}{}", where, s.description,
                       e.message.empty() ? "" : " (" + e.message + ")"));
    } else if (e.kind == "step_done") {
      rec["seconds"] = e.seconds;
      Line(fmt::format("{} done in {:.2f} s: {}", where, e.seconds, s.description));
    } else if (e.kind == "step_failed") {
      rec["seconds"] = e.seconds;
      rec["error"] = e.message;
      Line(fmt::format("{} FAILED: {}", where, e.message));
    } else if (e.kind == "step_skipped") {
      rec["reason"] = e.message;
      Line(fmt::format("{} not run: {}", where, e.message));
    } else if (e.kind == "retry") {
      rec["attempt"] = e.attempt;
      rec["error"] = e.message;
      Line(fmt::format("{} attempt {} failed, retrying: {}", where, e.attempt, e.message));
    } else if (e.kind == "reconciled") {
      rec["reason"] = e.message;
      Line(fmt::format("{} {}", where, e.message));
    } else if (e.kind == "batch") {
      rec["batches"] = e.batches;
      rec["rows"] = e.rows;
      rec["seconds"] = e.seconds;
      Progress(fmt::format("{} backfill: {} batches, {} rows, {:.1f} s", where, e.batches, e.rows,
                           e.seconds),
               e.batches);
    }
    Log(rec);
  }

 private:
  void Progress(const std::string& text, long n) {
    if (quiet_) return;
    if (tty_) {
      err_ << "\r" << text << "\x1b[K" << std::flush;
      progress_open_ = true;
    } else if (n % 100 == 1) {
      err_ << UtcNow() << " " << text << "\n";
    }
  }
  void EndProgress() {
    if (progress_open_) err_ << "\n";
    progress_open_ = false;
  }

  std::ostream& err_;
  bool quiet_;
  bool tty_;
  int total_;
  bool progress_open_ = false;
  long plan_id_ = 0;
  std::ofstream log_;
};

// The options apply and rollback share.
struct Session {
  std::string db;
  std::string label;
  std::unique_ptr<pqxx::connection> conn;
  int lock_wait_ms = 5000;
};

int Connect(const ParsedArgs& args, Session* s, std::ostream& err) {
  if (args.Has("lock-wait")) {
    auto ms = ParseDuration(args.Get("lock-wait"));
    if (!ms) {
      err << "keel: --lock-wait: '" << args.Get("lock-wait") << "' is not a duration\n";
      return kExitUsage;
    }
    s->lock_wait_ms = *ms;
  }
  s->db = TargetDatabase(args);
  s->label = pg::RedactUrl(s->db);
  if (s->label.empty()) s->label = "database from the environment";
  try {
    s->conn = pg::Connect(s->db);
    pqxx::nontransaction tx(*s->conn);
    tx.exec("SET application_name = 'keel apply'");
    // A backend whose keel was killed stops at once instead of finishing (and holding locks).
    tx.exec("SET client_connection_check_interval = '1s'");
  } catch (const pg::ConnectError& e) {
    err << "keel: " << e.message << "\n";
    return kExitConnect;
  } catch (const std::exception& e) {
    err << "keel: cannot connect to " << s->label << ": " << e.what() << "\n";
    return kExitConnect;
  }
  return kExitOk;
}

int TakeLock(apply::Journal& journal, const Session& s, std::ostream& err) {
  if (journal.Lock(s.lock_wait_ms)) return kExitOk;
  std::string holder = journal.Holder();
  err << "keel: another apply holds the lock on " << s.label << ": "
      << (holder.empty() ? "it just finished; try again" : holder) << "\n";
  return kExitRefused;
}

model::Catalog LiveCatalog(pqxx::connection& conn) {
  model::Catalog live = pg::Introspect(conn);
  model::Normalize(live);
  return live;
}

// High-severity hazards the user has not allowed.
std::vector<std::string> Refused(const planner::Plan& plan, const std::string& allowed) {
  std::set<std::string> allow;
  std::stringstream in(allowed);
  for (std::string code; std::getline(in, code, ',');) allow.insert(code);
  std::vector<std::string> refused;
  for (const auto& s : plan.steps)
    for (const auto& h : s.hazards) {
      const auto& info = planner::Info(h.code);
      if (info.severity < planner::Severity::kHigh || allow.count("all") ||
          allow.count(std::string(info.id)))
        continue;
      refused.push_back(fmt::format("step {} ({}): {} {}", s.id, s.description, info.id, h.detail));
    }
  return refused;
}

bool PrintChecks(const std::string& what, const std::vector<apply::Check>& checks,
                 Reporter& report) {
  bool ok = true;
  for (const auto& c : checks) {
    ok = ok && c.ok;
    report.Line(fmt::format("{} {}: {} - {}", what, c.name,
                            c.skipped ? "skipped" : (c.ok ? "ok" : "FAILED"), c.detail));
    report.Log({{"event", what},
                {"check", c.name},
                {"ok", c.ok},
                {"skipped", c.skipped},
                {"detail", c.detail}});
  }
  return ok;
}

// The saved plan to apply: read from PLAN.json, or planned now from --schema.
int LoadPlan(const ParsedArgs& args, const std::string& db, std::string* text,
             apply::SavedPlan* saved, std::ostream& err) {
  if (!args.positional.empty()) {
    const std::string& path = args.positional[0];
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      err << "keel apply: cannot read " << path << "\n";
      return kExitUsage;
    }
    text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else {
    Prepared prepared;
    if (int rc = Prepare(args, {db}, args.GetAll("schema"), &prepared, err)) return rc;
    MakeSaveable(prepared);
    emit::EmitOptions options;
    options.from_label = prepared.from.label;
    options.to_label = prepared.to.label;
    *text = emit::Json(prepared.result.plan, options);
  }
  std::string error;
  auto parsed = apply::ParsePlan(*text, &error);
  if (!parsed) {
    err << "keel apply: " << (args.positional.empty() ? "plan" : args.positional[0])
        << " is not a keel plan: " << error << "\n";
    return kExitUsage;
  }
  *saved = std::move(*parsed);
  return kExitOk;
}

bool Confirm(const apply::SavedPlan& saved, const std::string& label, std::ostream& err) {
  emit::EmitOptions options;
  options.from_label = saved.from;
  options.to_label = saved.to;
  err << emit::Text(saved.plan, options);
  err << fmt::format("\nApply these {} steps to {}? Type 'yes' to go on: ", saved.plan.steps.size(),
                     label)
      << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes" || answer == "y";
}

apply::RunOptions RunOptionsFor(const ParsedArgs& args, Reporter& report, int* rc,
                                std::ostream& err) {
  apply::RunOptions options;
  options.on_event = [&report](const apply::Event& e) { report(e); };
  if (args.Has("retries")) {
    auto n = ParseCount(args.Get("retries"));
    if (!n && args.Get("retries") != "0") {
      err << "keel apply: --retries: '" << args.Get("retries") << "' is not a number\n";
      *rc = kExitUsage;
    }
    options.max_attempts = (n ? *n : 0) + 1;
  }
  return options;
}

int ServerMajor(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return tx.exec("SELECT current_setting('server_version_num')::int / 10000")[0][0].as<int>();
}

}  // namespace

int RunApply(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  (void)out;
  if (args.positional.size() > 1 || (args.positional.empty() == !args.Has("schema"))) {
    err << "keel apply: give either a saved plan (keel apply PLAN.json) or --schema SRC\n";
    return kExitUsage;
  }
  const bool dry_run = args.Has("dry-run");
  apply::PreflightOptions preflight;
  if (args.Has("long-transaction")) {
    auto ms = ParseDuration(args.Get("long-transaction"));
    if (!ms) {
      err << "keel apply: --long-transaction: '" << args.Get("long-transaction")
          << "' is not a duration\n";
      return kExitUsage;
    }
    preflight.long_transaction_ms = *ms;
  }
  const std::string backup_kind = args.Get("backup", "tables");
  if (backup_kind != "tables" && backup_kind != "full") {
    err << "keel apply: --backup: '" << backup_kind << "' is not one of: tables, full\n";
    return kExitUsage;
  }
  const std::string db = TargetDatabase(args);
  std::string text;
  apply::SavedPlan saved;
  if (int rc = LoadPlan(args, db, &text, &saved, err)) return rc;
  const planner::Plan& plan = saved.plan;
  Reporter report(args, err, static_cast<int>(plan.steps.size()));
  if (!report.log_ok()) {
    err << "keel apply: cannot write the log " << args.Get("log") << "\n";
    return kExitUsage;
  }
  int rc = kExitOk;
  apply::RunOptions run_options = RunOptionsFor(args, report, &rc, err);
  if (rc) return rc;

  if (!dry_run) {
    auto refused = Refused(plan, args.Get("allow-hazards"));
    if (!refused.empty()) {
      err << "keel apply: refused: the plan has hazards that need --allow-hazards:\n";
      for (const auto& r : refused) err << "  " << r << "\n";
      return kExitRefused;
    }
  }
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  pqxx::connection& conn = *session.conn;
  apply::Journal journal(conn);
  try {
    if (!dry_run && args.positional.empty() && !args.Has("yes")) {
      if (!isatty(STDIN_FILENO)) {
        err << "keel apply: stdin is not a terminal; pass --yes to apply without confirmation\n";
        return kExitUsage;
      }
      if (!plan.empty() && !Confirm(saved, session.label, err)) {
        err << "keel apply: not confirmed; nothing changed\n";
        return kExitOk;
      }
    }
    if (int c = TakeLock(journal, session, err)) return c;
    const bool has_journal = journal.Exists();
    long plan_id = 0;
    if (has_journal) {
      if (auto done = journal.Applied(saved.hash); done && !dry_run) {
        report.Line(fmt::format("plan {} was applied already (#{} at {}); nothing to do",
                                saved.hash, done->id, done->finished_at));
        return kExitOk;
      }
      if (auto unfinished = journal.Unfinished(saved.hash)) {
        plan_id = unfinished->id;
      } else if (auto other = journal.AnyUnfinished()) {
        err << "keel apply: refused: plan #" << other->id << " (" << other->hash << ") is "
            << other->status
            << " on this database; re-run it to resume, or undo it with keel rollback (keel "
               "status shows its steps)\n";
        return kExitRefused;
      }
    }
    if (plan_id && dry_run) {
      err << "keel apply: plan #" << plan_id
          << " is half applied; a dry run of it would not mean anything - resume it instead\n";
      return kExitRefused;
    }
    if (plan_id) {
      report.SetPlan(plan_id);
      report.Line(fmt::format("resuming plan #{} ({}) from its journal", plan_id, saved.hash));
    } else {
      // The plan was made against one schema; it means nothing on another.
      std::string live = planner::Fingerprint(LiveCatalog(conn));
      if (plan.fingerprint.empty() || live != plan.fingerprint) {
        err << "keel apply: refused: " << session.label
            << " is not the schema the plan was made against (drift): the plan expects "
            << (plan.fingerprint.empty() ? "(no fingerprint)" : plan.fingerprint)
            << ", the database is " << live << "; plan again\n";
        return kExitRefused;
      }
      if (plan.empty()) {
        report.Line("the plan is empty; nothing to apply");
        return kExitOk;
      }
    }
    if (!PrintChecks("preflight", apply::Preflight(conn, plan, preflight), report) &&
        !args.Has("force")) {
      err << "keel apply: preflight failed; nothing changed (--force goes on regardless)\n";
      return kExitPreflight;
    }
    if (dry_run) {
      auto verdicts = apply::DryRun(conn, plan, run_options);
      bool failed = false;
      for (const auto& v : verdicts) failed = failed || v.failed;
      if (has_journal) {
        std::vector<std::pair<int, std::string>> steps;
        for (const auto& s : plan.steps) steps.emplace_back(s.id, s.description);
        long id = journal.Begin(saved.hash, plan.fingerprint, text, steps, "dry_run");
        journal.SetPlanStatus(id, failed ? "dry_run_failed" : "dry_run");
      }
      report.Line(failed ? "dry run: a step failed; nothing was changed"
                         : "dry run: every transactional step ran and was rolled back; nothing "
                           "was changed");
      return failed ? kExitStepFailed : kExitOk;
    }
    if (!has_journal) {
      try {
        journal.Ensure();
      } catch (const pqxx::sql_error& e) {
        err << "keel apply: preflight: cannot create the journal (schema keel) in " << session.label
            << ": " << e.what();
        return kExitPreflight;
      }
    }
    if (!plan_id) {
      std::vector<std::pair<int, std::string>> steps;
      for (const auto& s : plan.steps) steps.emplace_back(s.id, s.description);
      plan_id = journal.Begin(saved.hash, plan.fingerprint, text, steps, "running");
      report.SetPlan(plan_id);
      report.Line(fmt::format("applying plan #{} ({}, {} steps) to {}", plan_id, saved.hash,
                              plan.steps.size(), session.label));
    } else {
      journal.SetPlanStatus(plan_id, "running");
    }
    report.Log({{"event", "plan_start"}, {"hash", saved.hash}, {"target", session.label}});

    // Backup before the first destructive step still to run.
    auto record = journal.Plan(plan_id);
    std::vector<std::string> tables;
    bool destructive = false;
    auto steps = journal.Steps(plan_id);
    for (const auto& s : plan.steps)
      if (steps[s.id].status != "done" && apply::IsDestructive(s)) {
        destructive = true;
        if (!s.lock_table.empty()) tables.push_back(s.lock_table);
      }
    if (destructive && !args.Has("skip-backup") && record && record->backup.empty()) {
      if (backup_kind == "full") tables.clear();
      auto backup = apply::Backup(session.db, session.label, ServerMajor(conn), tables,
                                  args.Get("backup-dir", "backups"),
                                  fmt::format("keel-{}-plan{}", UtcNow("%Y%m%dT%H%M%SZ"), plan_id));
      if (!backup.ok) {
        journal.SetPlanStatus(plan_id, "failed");
        err << "keel apply: backup failed (" << backup.error
            << "); nothing changed. --skip-backup goes on without one\n";
        return kExitPreflight;
      }
      journal.SetBackup(plan_id, backup.path);
      report.Line("backup written to " + backup.path + "; restore with: " + backup.restore);
      report.Log({{"event", "backup"}, {"path", backup.path}, {"restore", backup.restore}});
    }

    auto outcome = apply::RunJournaled(conn, journal, plan_id, plan, run_options);
    if (!outcome.ok) {
      journal.SetPlanStatus(plan_id, "failed");
      report.Log(
          {{"event", "plan_failed"}, {"step", outcome.failed_step}, {"error", outcome.error}});
      err << "keel apply: step " << outcome.failed_step << " failed: " << outcome.error
          << "\nThe steps before it are applied and recorded; the database is consistent. Fix "
             "the cause and run the same command again to resume, or undo with keel rollback.\n";
      return kExitStepFailed;
    }
    model::Catalog live = LiveCatalog(conn);
    std::string after = planner::Fingerprint(live);
    journal.SetPlanStatus(plan_id, "applied", after);
    model::Catalog desired;
    const model::Catalog* target = nullptr;
    if (!plan.desired_sql.empty()) {
      std::string error = apply::ParseDesired(plan.desired_sql, &desired);
      if (error.empty()) target = &desired;
    }
    bool ok = PrintChecks("postflight", apply::Postflight(conn, plan, live, target), report);
    report.Log({{"event", "plan_done"}, {"fingerprint_after", after}, {"postflight_ok", ok}});
    journal.Unlock();
    if (!ok) {
      err << "keel apply: postflight failed: the plan ran but the database is not where it "
             "meant to be\n";
      return kExitPostflight;
    }
    report.Line(fmt::format("applied plan #{}; schema fingerprint {}", plan_id, after));
    return kExitOk;
  } catch (const pqxx::broken_connection& e) {
    err << "keel apply: lost the connection to " << session.label << ": " << e.what()
        << "The journal records how far it got; run the same command again to resume.\n";
    return kExitStepFailed;
  } catch (const std::exception& e) {
    err << "keel apply: " << e.what() << "\n";
    return kExitStepFailed;
  }
}

int RunRollback(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  (void)out;
  int count = 1;
  if (args.Has("steps")) {
    auto n = ParseCount(args.Get("steps"));
    if (!n) {
      err << "keel rollback: --steps: '" << args.Get("steps") << "' is not a positive number\n";
      return kExitUsage;
    }
    count = *n;
  }
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  pqxx::connection& conn = *session.conn;
  apply::Journal journal(conn);
  Reporter report(args, err, 0);
  try {
    if (!journal.Exists()) {
      err << "keel rollback: no plan was applied to " << session.label
          << " (no schema keel); nothing to roll back\n";
      return kExitOk;
    }
    if (int c = TakeLock(journal, session, err)) return c;
    std::vector<apply::PlanRecord> targets;
    for (const auto& p : journal.Plans(1000)) {
      if (static_cast<int>(targets.size()) == count) break;
      if (p.status == "applied" || p.status == "failed" || p.status == "running" ||
          p.status == "rolling_back" || p.status == "rollback_failed")
        targets.push_back(p);
    }
    if (targets.empty()) {
      err << "keel rollback: no applied plan left to roll back on " << session.label << "\n";
      return kExitOk;
    }
    for (const auto& record : targets) {
      std::string error;
      auto saved = apply::ParsePlan(record.plan_json, &error);
      if (!saved) {
        err << "keel rollback: plan #" << record.id << " in the journal is unreadable: " << error
            << "\n";
        return kExitRollback;
      }
      auto steps = journal.Steps(record.id);
      planner::Plan applied = saved->plan;
      std::erase_if(applied.steps, [&](const planner::Step& s) {
        const auto& st = steps[s.id].status;
        return st != "done" && st != "undone" && st != "running";
      });
      planner::Plan undo = planner::RollbackPlan(applied);
      std::vector<std::string> irreversible;
      for (const auto& s : undo.steps)
        if (s.reversibility == planner::Reversibility::kIrreversible)
          irreversible.push_back(
              fmt::format("step {} ({}): {}", s.id, s.description, s.rollback_note));
      if (!irreversible.empty() && !args.Has("force")) {
        err << "keel rollback: refused: plan #" << record.id
            << " has steps that cannot be undone:\n";
        for (const auto& i : irreversible) err << "  " << i << "\n";
        err << "--force undoes the rest and leaves these as they are\n";
        return kExitRefused;
      }
      std::erase_if(undo.steps, [](const planner::Step& s) { return s.sql.empty(); });
      report.SetPlan(record.id);
      report.Line(fmt::format("rolling back plan #{} ({}): {} steps", record.id, record.hash,
                              undo.steps.size()));
      journal.SetPlanStatus(record.id, "rolling_back");
      Reporter step_report(args, err, 0);
      step_report.SetPlan(record.id);
      apply::RunOptions options;
      options.on_event = [&step_report](const apply::Event& e) { step_report(e); };
      options.done_status = "undone";
      auto outcome = apply::RunJournaled(conn, journal, record.id, undo, options);
      if (!outcome.ok) {
        journal.SetPlanStatus(record.id, "rollback_failed");
        err << "keel rollback: undoing step " << outcome.failed_step << " failed: " << outcome.error
            << "\nThe steps undone so far are recorded; fix the cause and run keel rollback "
               "again to continue.\n";
        return kExitRollback;
      }
      journal.SetPlanStatus(record.id, "rolled_back", planner::Fingerprint(LiveCatalog(conn)));
      report.Line(fmt::format("plan #{} rolled back", record.id));
    }
    journal.Unlock();
    return kExitOk;
  } catch (const std::exception& e) {
    err << "keel rollback: " << e.what() << "\n";
    return kExitRollback;
  }
}

int RunStatus(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  int limit = 20;
  if (args.Has("limit")) {
    auto n = ParseCount(args.Get("limit"));
    if (!n) {
      err << "keel status: --limit: '" << args.Get("limit") << "' is not a positive number\n";
      return kExitUsage;
    }
    limit = *n;
  }
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  apply::Journal journal(*session.conn);
  try {
    if (!journal.Exists()) {
      out << "No plan has been applied to " << session.label << " (no schema keel).\n";
      return kExitOk;
    }
    if (auto holder = journal.Holder(); !holder.empty())
      out << "An apply is running now: " << holder << "\n\n";
    auto plans = journal.Plans(limit);
    out << fmt::format("{:>5}  {:<15}  {:<25}  {:<25}  {:>9}  {}\n", "plan", "status", "started",
                       "finished", "steps", "by");
    for (const auto& p : plans) {
      auto steps = journal.Steps(p.id);
      int done = 0;
      for (const auto& [id, s] : steps) done += s.status == "done" || s.status == "undone";
      out << fmt::format("{:>5}  {:<15}  {:<25}  {:<25}  {:>9}  {}\n", "#" + std::to_string(p.id),
                         p.status, p.started_at.substr(0, 19), p.finished_at.substr(0, 19),
                         fmt::format("{}/{}", done, steps.size()), p.applied_by);
    }
    for (const auto& p : plans) {
      if (p.status != "running" && p.status != "failed" && p.status != "rolling_back" &&
          p.status != "rollback_failed")
        continue;
      out << "\nPlan #" << p.id << " (" << p.hash << ") is " << p.status << ":\n";
      for (const auto& [id, s] : journal.Steps(p.id)) {
        if (s.status == "pending" || s.status == "done" || s.status == "undone") continue;
        out << fmt::format("  step {} {}: {}{}{}\n", id, s.status == "running" ? "DIRTY" : s.status,
                           s.description, s.error.empty() ? "" : " - " + s.error,
                           s.progress.empty() ? "" : " (backfilled up to key " + s.progress + ")");
      }
      if (!p.backup.empty()) out << "  backup: " << p.backup << "\n";
    }
    return kExitOk;
  } catch (const std::exception& e) {
    err << "keel status: " << e.what() << "\n";
    return kExitConnect;
  }
}

}  // namespace keel::cli
