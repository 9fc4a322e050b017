// keel apply, rollback and status: the release engineer's commands. Everything they change is
// recorded in the target's journal (schema keel) first, so a failure or a kill can be resumed.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <sstream>

#include "apply/backup.h"
#include "apply/checks.h"
#include "apply/executor.h"
#include "apply/journal.h"
#include "apply/mysql/journal.h"
#include "apply/runner.h"
#include "apply/saved_plan.h"
#include "cli/apply_flow.h"
#include "cli/apply_mysql.h"
#include "cli/exit_codes.h"
#include "cli/planning.h"
#include "cli/profile.h"
#include "cli/reporter.h"
#include "emit/emit.h"
#include "introspect/postgres/introspect.h"
#include "model/default_schema.h"
#include "model/normalize.h"
#include "parser/source.h"
#include "planner/dump.h"

namespace keel::cli {
namespace {

namespace pg = introspect::postgres;

// The options apply and rollback share.
struct Session {
  std::string db;
  std::string label;
  std::unique_ptr<pqxx::connection> conn;
  int lock_wait_ms = 5000;
};

int Connect(const ParsedArgs& args, Session* s, std::ostream& err) {
  if (int rc = DurationArg(args, "lock-wait", &s->lock_wait_ms, err)) return rc;
  s->db = TargetDatabase(args);
  s->label = pg::RedactUrl(s->db);
  if (s->label.empty()) s->label = "database from the environment";
  try {
    s->conn = pg::Connect(s->db);
    {
      pqxx::nontransaction tx(*s->conn);
      tx.exec("SET application_name = 'keel apply'");
      // A backend whose keel was killed stops at once instead of finishing (and holding locks).
      tx.exec("SET client_connection_check_interval = '1s'");
    }
    apply::UsePlanSchema(*s->conn, model::InSchema());
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
  return TakeApplyLock(journal, s.lock_wait_ms, s.label, err);
}

model::Catalog LiveCatalog(pqxx::connection& conn) {
  model::Catalog live = pg::Introspect(conn);
  model::Normalize(live);
  return live;
}

// The codes of --allow-hazards CODE,…, in the order given.
std::vector<std::string> AllowedHazards(const std::string& allowed) {
  std::vector<std::string> codes;
  std::stringstream in(allowed);
  for (std::string code; std::getline(in, code, ',');) codes.push_back(code);
  return codes;
}

// An --allow-hazards code that names no planner hazard is a typo that would allow nothing.
std::string UnknownAllowedHazard(const std::string& allowed) {
  std::vector<std::string> ids;
  for (const auto& h : planner::AllHazards())
    if (h.code < planner::kFirstLintRule) ids.emplace_back(h.id);
  for (const std::string& code : AllowedHazards(allowed)) {
    if (code.empty() || code == "all" || std::find(ids.begin(), ids.end(), code) != ids.end())
      continue;
    ids.push_back("all");
    return UnknownChoice("hazard code", code, ids);
  }
  return "";
}

// High-severity hazards the user has not allowed.
std::vector<std::string> Refused(const planner::Plan& plan, const std::string& allowed) {
  const std::vector<std::string> codes = AllowedHazards(allowed);
  const std::set<std::string> allow(codes.begin(), codes.end());
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

// The saved plan to apply: `text` when the caller has it (a fleet plan carries one per target),
// else read from PLAN.json, or planned now from --schema.
int LoadPlan(const ParsedArgs& args, const std::string& db, std::string* text,
             apply::SavedPlan* saved, std::ostream& err) {
  if (text->empty() && !args.positional.empty()) {
    const std::string& path = args.positional[0];
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      err << "keel apply: cannot read " << path << "\n";
      return kExitUsage;
    }
    text->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  } else if (text->empty()) {
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

}  // namespace

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
  options.progress_conninfo = TargetDatabase(args);
  if (args.Has("retries")) {
    auto n = ParseCount(args.Get("retries"));
    if (!n && args.Get("retries") != "0") {
      err << "keel " << args.command << ": --retries: '" << args.Get("retries")
          << "' is not a number\n";
      *rc = kExitUsage;
    }
    options.max_attempts = (n ? *n : 0) + 1;
  }
  return options;
}

int FindPlanRun(apply::JournalStore& journal, const apply::SavedPlan& saved,
                const std::string& label, bool dry_run, Reporter& report, std::ostream& err,
                long* plan_id, bool* done) {
  *plan_id = 0;
  *done = false;
  if (auto applied = journal.Applied(saved.hash); applied && !dry_run) {
    report.Line(fmt::format("plan {} was applied already (#{} at {}); nothing to do", saved.hash,
                            applied->id, applied->finished_at));
    *done = true;
    return kExitOk;
  }
  if (auto unfinished = journal.Unfinished(saved.hash)) {
    *plan_id = unfinished->id;
  } else if (auto other = journal.AnyUnfinished()) {
    err << "keel apply: refused: plan #" << other->id << " (" << other->hash << ") is "
        << other->status << " on " << label
        << "; re-run it to resume, or undo it with keel rollback (keel status shows its steps)\n";
    return kExitRefused;
  }
  return kExitOk;
}

int ResumeOrCheckDrift(long plan_id, const apply::SavedPlan& saved, const std::string& label,
                       const std::function<std::string()>& live_fingerprint, Reporter& report,
                       std::ostream& err, bool* nothing_to_do) {
  *nothing_to_do = false;
  const planner::Plan& plan = saved.plan;
  if (plan_id) {
    report.SetPlan(plan_id, saved.hash);
    report.Line(fmt::format("resuming plan #{} ({}) from its journal", plan_id, saved.hash));
    return kExitOk;
  }
  // The plan was made against one schema; it means nothing on another.
  std::string live = live_fingerprint();
  report.SetFingerprint("before", live);
  if (plan.fingerprint.empty() || live != plan.fingerprint) {
    err << "keel apply: refused: " << label
        << " is not the schema the plan was made against (drift): the plan expects "
        << (plan.fingerprint.empty() ? "(no fingerprint)" : plan.fingerprint)
        << ", the database is " << live << "; plan again\n";
    return kExitRefused;
  }
  if (plan.empty()) {
    report.Line("the plan is empty; nothing to apply");
    *nothing_to_do = true;
  }
  return kExitOk;
}

void BeginOrResume(apply::JournalStore& journal, const apply::SavedPlan& saved,
                   const std::string& text, const std::string& label, Reporter& report,
                   long* plan_id) {
  const planner::Plan& plan = saved.plan;
  if (!*plan_id) {
    std::vector<std::pair<int, std::string>> steps;
    for (const auto& s : plan.steps) steps.emplace_back(s.id, s.description);
    *plan_id = journal.Begin(saved.hash, plan.fingerprint, text, steps, "running");
    report.SetPlan(*plan_id, saved.hash);
    report.Line(fmt::format("applying plan #{} ({}, {} steps) to {}", *plan_id, saved.hash,
                            plan.steps.size(), label));
  } else {
    journal.SetPlanStatus(*plan_id, "running");
  }
  report.Log({{"event", "plan_start"}, {"hash", saved.hash}, {"target", label}});
}

int BackupBeforeDestructive(apply::JournalStore& journal, long plan_id, const planner::Plan& plan,
                            const ParsedArgs& args, bool backed_up, const BackupFn& backup,
                            Reporter& report, std::ostream& err) {
  std::vector<std::string> tables;
  bool destructive = false;
  auto steps = journal.Steps(plan_id);
  for (const auto& s : plan.steps)
    if (steps[s.id].status != "done" && apply::IsDestructive(s)) {
      destructive = true;
      if (!s.lock_table.empty()) tables.push_back(s.lock_table);
    }
  if (!destructive || args.Has("skip-backup") || backed_up) return kExitOk;
  if (args.Get("backup", "tables") == "full") tables.clear();
  auto result = backup(tables, args.Get("backup-dir", "backups"),
                       fmt::format("keel-{}-plan{}", UtcNow("%Y%m%dT%H%M%SZ"), plan_id));
  if (!result.ok) {
    journal.SetPlanStatus(plan_id, "failed");
    err << "keel apply: backup failed (" << result.error
        << "); nothing changed. --skip-backup goes on without one\n";
    return kExitPreflight;
  }
  journal.SetBackup(plan_id, result.path);
  report.Line("backup written to " + result.path + "; restore with: " + result.restore);
  report.Log({{"event", "backup"}, {"path", result.path}, {"restore", result.restore}});
  return kExitOk;
}

int StepFailedExit(apply::JournalStore& journal, long plan_id, const apply::RunOutcome& outcome,
                   const std::string& kept, Reporter& report, std::ostream& err) {
  journal.SetPlanStatus(plan_id, "failed");
  report.Log({{"event", "plan_failed"}, {"step", outcome.failed_step}, {"error", outcome.error}});
  err << "keel apply: step " << outcome.failed_step << " failed: " << outcome.error << "\n"
      << kept << "\n";
  return kExitStepFailed;
}

int FinishApply(apply::JournalStore& journal, long plan_id, const std::string& after,
                const std::vector<apply::Check>& postflight, Reporter& report, std::ostream& err) {
  report.SetFingerprint("after", after);
  journal.SetPlanStatus(plan_id, "applied", after);
  bool ok = report.Checks("postflight", postflight);
  report.Log({{"event", "plan_done"}, {"fingerprint_after", after}, {"postflight_ok", ok}});
  journal.Unlock();
  if (!ok) {
    err << "keel apply: postflight failed: the plan ran but the database is not where it "
           "meant to be\n";
    return kExitPostflight;
  }
  report.Line(fmt::format("applied plan #{}; schema fingerprint {}", plan_id, after));
  return kExitOk;
}

int TakeApplyLock(apply::JournalStore& journal, int wait_ms, const std::string& label,
                  std::ostream& err) {
  if (journal.Lock(wait_ms)) return kExitOk;
  std::string holder = journal.Holder();
  err << "keel: another apply holds the lock on " << label << ": "
      << (holder.empty() ? "it just finished; try again" : holder) << "\n";
  return kExitRefused;
}

int PreflightVerdict(std::vector<apply::Check> checks, const apply::SavedPlan& saved,
                     const std::string& live_fingerprint, apply::JournalStore& journal,
                     Reporter& report, std::ostream& err) {
  apply::Check drift("schema fingerprint");
  report.SetFingerprint("before", live_fingerprint);
  drift.ok = live_fingerprint == saved.plan.fingerprint;
  drift.detail = drift.ok
                     ? live_fingerprint + ", as the plan expects"
                     : "the database is " + live_fingerprint + ", the plan expects " +
                           (saved.plan.fingerprint.empty() ? "(none)" : saved.plan.fingerprint);
  checks.push_back(drift);
  apply::Check dirty("unfinished plans");
  if (journal.Exists())
    if (auto other = journal.AnyUnfinished()) {
      dirty.ok = other->hash == saved.hash;
      dirty.detail = fmt::format("plan #{} ({}) is {}{}", other->id, other->hash, other->status,
                                 dirty.ok ? "; apply resumes it" : "");
    }
  if (dirty.detail.empty()) dirty.detail = "none";
  checks.push_back(dirty);
  if (!report.Checks("preflight", checks)) {
    err << "keel preflight: failed\n";
    return kExitPreflight;
  }
  return kExitOk;
}

struct TargetJournal::Connections {
  std::unique_ptr<pqxx::connection> pg;
  std::optional<introspect::mysql::Connection> mysql;
};

TargetJournal::TargetJournal(const std::string& url, const std::string& in_schema)
    : conns_(std::make_unique<Connections>()) {
  if (parser::ClassifySource(url) == parser::SourceKind::kMysql) {
    conns_->mysql.emplace(url);
    journal_ = std::make_unique<apply::mysql::Journal>(*conns_->mysql, conns_->mysql->Database());
  } else {
    conns_->pg = pg::Connect(url);
    journal_ = std::make_unique<apply::Journal>(*conns_->pg, in_schema);
  }
}

TargetJournal::~TargetJournal() = default;

int ConfirmRestore(const ParsedArgs& args, const std::string& path, const std::string& label,
                   const std::string& database, std::ostream& err, bool* confirmed) {
  *confirmed = false;
  // The name to type: the keel.toml target's, else the database's.
  const std::string name = args.target ? args.target->name : database;
  // Restoring replaces tables: the name is typed, not just confirmed.
  if (args.Has("confirm-target")) {
    if (args.Get("confirm-target") != name) {
      err << "keel restore: --confirm-target '" << args.Get("confirm-target")
          << "' is not the target '" << name << "'; nothing changed\n";
      return kExitUsage;
    }
  } else if (!isatty(STDIN_FILENO)) {
    err << "keel restore: stdin is not a terminal; pass --confirm-target " << name
        << " to restore without the typed confirmation\n";
    return kExitUsage;
  } else {
    err << "Restore " << path << " into " << label << "? This replaces the tables it "
        << "holds. Type the target's name (" << name << ") to go on: " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != name) {
      err << "keel restore: not confirmed; nothing changed\n";
      return kExitOk;
    }
  }
  *confirmed = true;
  return kExitOk;
}

std::optional<apply::SavedPlan> LastApplied(apply::JournalStore& journal, Reporter& report) {
  if (!journal.Exists()) return std::nullopt;
  for (const auto& p : journal.Plans(1000)) {
    if (p.status != "applied") continue;
    std::string error;
    auto last = apply::ParsePlan(p.plan_json, &error);
    if (last) report.SetPlan(p.id, p.hash);
    return last;
  }
  return std::nullopt;
}

int PostflightVerdict(std::vector<apply::Check> checks, const model::Catalog& live,
                      Reporter& report, std::ostream& err) {
  apply::Check checksum("schema checksum");
  checksum.detail = planner::Fingerprint(live);
  report.SetFingerprint("after", checksum.detail);
  checks.push_back(checksum);
  if (!report.Checks("postflight", checks)) {
    err << "keel postflight: failed\n";
    return kExitPostflight;
  }
  return kExitOk;
}

int RollbackPlans(apply::JournalStore& journal, const RollbackOptions& options, Reporter& report,
                  std::ostream& err) {
  std::vector<apply::PlanRecord> targets;
  for (const auto& p : journal.Plans(1000)) {
    if (static_cast<int>(targets.size()) == options.count) break;
    if (p.status == "applied" || p.status == "failed" || p.status == "running" ||
        p.status == "rolling_back" || p.status == "rollback_failed")
      targets.push_back(p);
  }
  if (targets.empty()) {
    err << "keel rollback: no applied plan left to roll back on " << options.label << "\n";
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
    std::erase_if(applied.steps,
                  [&](const planner::Step& s) { return !options.took_effect(steps[s.id]); });
    planner::Plan undo = planner::RollbackPlan(applied);
    std::vector<std::string> irreversible;
    for (const auto& s : undo.steps)
      if (s.reversibility == planner::Reversibility::kIrreversible)
        irreversible.push_back(
            fmt::format("step {} ({}): {}", s.id, s.description, s.rollback_note));
    if (!irreversible.empty() && !options.force) {
      err << "keel rollback: refused: plan #" << record.id << " has steps that cannot be undone:\n";
      for (const auto& i : irreversible) err << "  " << i << "\n";
      err << "--force undoes the rest and leaves these as they are\n";
      return kExitRefused;
    }
    std::erase_if(undo.steps, [](const planner::Step& s) { return s.sql.empty(); });
    report.SetPlan(record.id, record.hash);
    report.Line(fmt::format("rolling back plan #{} ({}): {} steps", record.id, record.hash,
                            undo.steps.size()));
    journal.SetPlanStatus(record.id, "rolling_back");
    apply::RunOptions run = options.run_options;
    run.done_status = "undone";
    auto outcome = options.run(record.id, undo, run);
    if (!outcome.ok) {
      journal.SetPlanStatus(record.id, "rollback_failed");
      err << "keel rollback: undoing step " << outcome.failed_step << " failed: " << outcome.error
          << "\nThe steps undone so far are recorded; fix the cause and run keel rollback "
             "again to continue.\n";
      return kExitRollback;
    }
    journal.SetPlanStatus(record.id, "rolled_back", options.fingerprint());
    report.Line(fmt::format("plan #{} rolled back", record.id));
  }
  journal.Unlock();
  return kExitOk;
}

namespace {

// A saved plan carries its tenant schema; a --in-schema that names another is refused.
int AdoptPlanSchema(const ParsedArgs& args, const planner::Plan& plan,
                    std::optional<model::ScopedDefaultSchema>& tenant, std::ostream& err) {
  if (plan.in_schema == model::InSchema()) return kExitOk;
  if (args.Has("in-schema")) {
    err << "keel " << args.command << ": refused: the plan is for "
        << (plan.in_schema.empty() ? "the whole database" : "schema " + plan.in_schema)
        << ", not --in-schema " << model::InSchema() << "\n";
    return kExitUsage;
  }
  tenant.reset();
  tenant.emplace(plan.in_schema);
  return kExitOk;
}

// A new tenant's schema, made once the plan passed its checks (a missing schema fingerprints
// as an empty one). No plan's steps make it, so the log records it.
void EnsureTenantSchema(pqxx::connection& conn, Reporter& report) {
  const std::string& tenant = model::InSchema();
  if (tenant.empty()) return;
  pqxx::nontransaction tx(conn);
  if (tx.exec("SELECT count(*) > 0 FROM pg_catalog.pg_namespace WHERE nspname = " +
              tx.quote(tenant))[0][0]
          .as<bool>())
    return;
  tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(tenant));
  report.Line("created schema " + tenant + " for the new tenant");
  report.Log({{"event", "create_schema"}, {"schema", tenant}});
}

int ServerMajor(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return tx.exec("SELECT current_setting('server_version_num')::int / 10000")[0][0].as<int>();
}

}  // namespace

int ApplySaved(const ParsedArgs& args, const std::string& plan_text, Reporter& report,
               std::ostream& err) {
  // A plan given as text is a saved plan, like PLAN.json.
  const bool saved_plan = !plan_text.empty() || !args.positional.empty();
  if (plan_text.empty() &&
      (args.positional.size() > 1 || (args.positional.empty() == !args.Has("schema")))) {
    err << "keel apply: give either a saved plan (keel apply PLAN.json) or --schema SRC\n";
    return kExitUsage;
  }
  const bool dry_run = args.Has("dry-run");
  apply::PreflightOptions preflight;
  if (int rc = DurationArg(args, "long-transaction", &preflight.long_transaction_ms, err))
    return rc;
  const std::string backup_kind = args.Get("backup", "tables");
  if (backup_kind != "tables" && backup_kind != "full") {
    err << "keel apply: --backup: '" << backup_kind << "' is not one of: tables, full\n";
    return kExitUsage;
  }
  const std::string db = TargetDatabase(args);
  std::string in_schema;
  if (int rc = InSchemaArg(args, &in_schema, err)) return rc;
  std::optional<model::ScopedDefaultSchema> tenant(std::in_place, in_schema);
  std::string text = plan_text;
  apply::SavedPlan saved;
  if (int rc = LoadPlan(args, db, &text, &saved, err)) return rc;
  if (int rc = AdoptPlanSchema(args, saved.plan, tenant, err)) return rc;
  const planner::Plan& plan = saved.plan;
  report.SetTotal(static_cast<int>(plan.steps.size()));
  if (!report.log_ok()) {
    err << "keel apply: cannot write the log " << args.Get("log") << "\n";
    return kExitUsage;
  }
  int rc = kExitOk;
  apply::RunOptions run_options = RunOptionsFor(args, report, &rc, err);
  if (rc) return rc;

  const Policy* policy = args.target ? &args.target->policy : nullptr;
  if (policy) {
    const std::string name = args.target->name;
    std::string refusal;
    if (policy->require_saved_plan && !saved_plan)
      refusal =
          "applies only saved plans (keel plan --out plan.json, review, keel apply plan.json)";
    else if (!policy->allow_force && args.Has("force"))
      refusal = "does not allow --force";
    else if (policy->require_backup && args.Has("skip-backup"))
      refusal = "requires a backup; --skip-backup is not allowed";
    if (!refusal.empty()) {
      err << "keel apply: refused: target " << name << " " << refusal << "\n";
      return kExitRefused;
    }
    if (policy->confirm && !dry_run) {
      if (args.Has("yes")) {
        if (args.Get("confirm-target") != name) {
          err << "keel apply: target " << name << " needs --yes --confirm-target " << name
              << " when no one types its name\n";
          return kExitUsage;
        }
      } else if (!isatty(STDIN_FILENO)) {
        err << "keel apply: target " << name << " needs its name typed on a terminal, or --yes "
            << "--confirm-target " << name << "\n";
        return kExitUsage;
      }
    }
  }
  if (!dry_run) {
    auto refused = Refused(plan, args.Get("allow-hazards"));
    if (!refused.empty()) {
      err << "keel apply: refused: the plan has hazards that need --allow-hazards:\n";
      for (const auto& r : refused) err << "  " << r << "\n";
      return kExitRefused;
    }
  }
  if (plan.dialect == model::Dialect::kMySql) {
    const bool ask = !dry_run && !args.Has("yes") && (!saved_plan || (policy && policy->confirm));
    return ApplyMySql(args, saved, text, ask, report, err);
  }
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  report.SetTarget(session.label);
  pqxx::connection& conn = *session.conn;
  apply::Journal journal(conn, model::InSchema());
  try {
    if (!dry_run && !saved_plan && !args.Has("yes")) {
      if (!isatty(STDIN_FILENO)) {
        err << "keel apply: stdin is not a terminal; pass --yes to apply without confirmation\n";
        return kExitUsage;
      }
      if (!plan.empty() && !Confirm(saved, session.label, err)) {
        err << "keel apply: not confirmed; nothing changed\n";
        return kExitOk;
      }
    }
    if (policy && policy->confirm && !dry_run && !args.Has("yes")) {
      err << "Target " << args.target->name << " (" << session.label << "): type its name to apply "
          << plan.steps.size() << " steps: " << std::flush;
      std::string answer;
      std::getline(std::cin, answer);
      if (answer != args.target->name) {
        err << "keel apply: not confirmed; nothing changed\n";
        return kExitOk;
      }
    }
    if (int c = TakeLock(journal, session, err)) return c;
    bool has_journal = journal.Exists();
    const bool needs_dry_run = policy && policy->dry_run_within_ms > 0;
    // A policy that asks for a recent dry run needs the journal to remember it.
    if (dry_run && needs_dry_run && !has_journal) {
      journal.Ensure();
      has_journal = true;
    }
    if (!dry_run && needs_dry_run &&
        !(has_journal && (journal.Unfinished(saved.hash) ||
                          journal.DryRunWithin(saved.hash, policy->dry_run_within_ms)))) {
      err << "keel apply: refused: target " << args.target->name
          << " requires a successful --dry-run of this same plan within the last "
          << policy->dry_run_within_ms / 60000 << " minutes; run keel apply "
          << (args.positional.empty() ? "PLAN.json" : args.positional[0]) << " --target "
          << args.target->name << " --dry-run first\n";
      return kExitRefused;
    }
    long plan_id = 0;
    if (has_journal) {
      bool done = false;
      if (int c = FindPlanRun(journal, saved, session.label, dry_run, report, err, &plan_id, &done))
        return c;
      if (done) return kExitOk;
    }
    if (plan_id && dry_run) {
      err << "keel apply: plan #" << plan_id
          << " is half applied; a dry run of it would not mean anything - resume it instead\n";
      return kExitRefused;
    }
    bool nothing_to_do = false;
    if (int c = ResumeOrCheckDrift(
            plan_id, saved, session.label, [&] { return planner::Fingerprint(LiveCatalog(conn)); },
            report, err, &nothing_to_do))
      return c;
    if (nothing_to_do) return kExitOk;
    if (!report.Checks("preflight", apply::Preflight(conn, plan, preflight)) &&
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
    EnsureTenantSchema(conn, report);
    if (!has_journal) {
      try {
        journal.Ensure();
      } catch (const pqxx::sql_error& e) {
        err << "keel apply: preflight: cannot create the journal (schema keel) in " << session.label
            << ": " << e.what();
        return kExitPreflight;
      }
    }
    BeginOrResume(journal, saved, text, session.label, report, &plan_id);
    // Backup before the first destructive step still to run.
    auto record = journal.Plan(plan_id);
    const int server_major = ServerMajor(conn);
    BackupFn backup = [&](const std::vector<std::string>& tables, const std::string& dir,
                          const std::string& name) {
      return apply::Backup(session.db, session.label, server_major, tables, dir, name);
    };
    if (int c = BackupBeforeDestructive(journal, plan_id, plan, args,
                                        !record || !record->backup.empty(), backup, report, err))
      return c;

    auto outcome = apply::RunJournaled(conn, journal, plan_id, plan, run_options);
    if (!outcome.ok)
      return StepFailedExit(journal, plan_id, outcome,
                            "The steps before it are applied and recorded; the database is "
                            "consistent. Fix the cause and run the same command again to "
                            "resume, or undo with keel rollback.",
                            report, err);
    model::Catalog live = LiveCatalog(conn);
    model::Catalog desired;
    const model::Catalog* target = nullptr;
    if (!plan.desired_sql.empty()) {
      std::string error = apply::ParseDesired(plan.desired_sql, &desired);
      if (error.empty()) target = &desired;
    }
    return FinishApply(journal, plan_id, planner::Fingerprint(live),
                       apply::Postflight(conn, &plan, live, target), report, err);
  } catch (const pqxx::broken_connection& e) {
    err << "keel apply: lost the connection to " << session.label << ": " << e.what()
        << "The journal records how far it got; run the same command again to resume.\n";
    return kExitStepFailed;
  } catch (const std::exception& e) {
    err << "keel apply: " << e.what() << "\n";
    return kExitStepFailed;
  }
}

namespace {

int Rollback(const ParsedArgs& args, int count, Reporter& report, std::ostream& err) {
  int rc = kExitOk;
  const apply::RunOptions run_options = RunOptionsFor(args, report, &rc, err);
  if (rc) return rc;
  std::string in_schema;
  if (int rc = InSchemaArg(args, &in_schema, err)) return rc;
  model::ScopedDefaultSchema tenant(in_schema);
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  pqxx::connection& conn = *session.conn;
  apply::Journal journal(conn, in_schema);
  report.SetTarget(session.label);
  try {
    if (!journal.Exists()) {
      err << "keel rollback: no plan was applied to " << session.label
          << " (no schema keel); nothing to roll back\n";
      return kExitOk;
    }
    if (int c = TakeLock(journal, session, err)) return c;
    RollbackOptions options;
    options.count = count;
    options.force = args.Has("force");
    options.label = session.label;
    options.run_options = run_options;
    // A failed step's transaction took nothing with it; a running one may have been outside one.
    options.took_effect = [](const apply::StepRecord& r) {
      return r.status == "done" || r.status == "undone" || r.status == "running";
    };
    options.run = [&](long plan_id, const planner::Plan& undo, const apply::RunOptions& run) {
      return apply::RunJournaled(conn, journal, plan_id, undo, run);
    };
    options.fingerprint = [&] { return planner::Fingerprint(LiveCatalog(conn)); };
    return RollbackPlans(journal, options, report, err);
  } catch (const std::exception& e) {
    err << "keel rollback: " << e.what() << "\n";
    return kExitRollback;
  }
}

int Preflight(const ParsedArgs& args, Reporter& report, std::ostream& err) {
  if (args.positional.size() > 1 || (args.positional.empty() == !args.Has("schema"))) {
    err << "keel preflight: give either a saved plan (keel preflight PLAN.json) or --schema SRC\n";
    return kExitUsage;
  }
  apply::PreflightOptions options;
  for (auto [name, slot] : {std::pair{"long-transaction", &options.long_transaction_ms},
                            std::pair{"replication-lag", &options.replication_lag_ms}})
    if (int rc = DurationArg(args, name, slot, err)) return rc;
  std::string in_schema;
  if (int rc = InSchemaArg(args, &in_schema, err)) return rc;
  std::optional<model::ScopedDefaultSchema> tenant(std::in_place, in_schema);
  std::string text;
  apply::SavedPlan saved;
  if (int rc = LoadPlan(args, TargetDatabase(args), &text, &saved, err)) return rc;
  if (saved.plan.dialect == model::Dialect::kMySql)
    return PreflightMySql(args, saved, options.long_transaction_ms, report, err);
  if (int rc = AdoptPlanSchema(args, saved.plan, tenant, err)) return rc;
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  report.SetTarget(session.label);
  pqxx::connection& conn = *session.conn;
  try {
    auto checks = apply::Preflight(conn, saved.plan, options);
    apply::Journal journal(conn, model::InSchema());
    return PreflightVerdict(std::move(checks), saved, planner::Fingerprint(LiveCatalog(conn)),
                            journal, report, err);
  } catch (const std::exception& e) {
    err << "keel preflight: " << e.what() << "\n";
    return kExitPreflight;
  }
}

int Postflight(const ParsedArgs& args, Reporter& report, std::ostream& err) {
  if (parser::ClassifySource(TargetDatabase(args)) == parser::SourceKind::kMysql)
    return PostflightMySql(args, report, err);
  std::string in_schema;
  if (int rc = InSchemaArg(args, &in_schema, err)) return rc;
  model::ScopedDefaultSchema tenant(in_schema);
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  report.SetTarget(session.label);
  pqxx::connection& conn = *session.conn;
  try {
    model::Catalog live = LiveCatalog(conn);
    model::Catalog desired;
    const model::Catalog* target = nullptr;
    apply::Journal journal(conn, in_schema);
    const std::optional<apply::SavedPlan> last = LastApplied(journal, report);
    if (args.Has("schema")) {
      LoadedCatalog files;
      if (int rc = LoadCatalog(args.GetAll("schema"),
                               {args.Has("strict"), args.Has("quiet"), nullptr, ""}, &files, err))
        return rc;
      desired = std::move(files.catalog);
      target = &desired;
    } else if (last && !last->plan.desired_sql.empty() &&
               apply::ParseDesired(last->plan.desired_sql, &desired).empty()) {
      target = &desired;
    }
    return PostflightVerdict(apply::Postflight(conn, last ? &last->plan : nullptr, live, target),
                             live, report, err);
  } catch (const std::exception& e) {
    err << "keel postflight: " << e.what() << "\n";
    return kExitPostflight;
  }
}

int Restore(const ParsedArgs& args, Reporter& report, std::ostream& err) {
  if (args.positional.size() != 1) {
    err << "keel restore: give the backup file (keel restore BACKUP --db URL)\n";
    return kExitUsage;
  }
  const std::string& path = args.positional[0];
  if (!std::ifstream(path)) {
    err << "keel restore: cannot read " << path << "\n";
    return kExitUsage;
  }
  if (parser::ClassifySource(TargetDatabase(args)) == parser::SourceKind::kMysql)
    return RestoreMySql(args, path, report, err);
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  report.SetTarget(session.label);
  pqxx::connection& conn = *session.conn;
  std::string database;
  {
    pqxx::nontransaction tx(conn);
    database = tx.exec("SELECT current_database()")[0][0].c_str();
  }
  bool confirmed = false;
  if (int c = ConfirmRestore(args, path, session.label, database, err, &confirmed)) return c;
  if (!confirmed) return kExitOk;
  apply::Journal journal(conn);
  if (journal.Exists() && !journal.Lock(session.lock_wait_ms))
    return TakeLock(journal, session, err);
  report.SetFingerprint("before", planner::Fingerprint(LiveCatalog(conn)));
  report.Line("restoring " + path + " into " + session.label);
  if (std::string error = apply::Restore(session.db, ServerMajor(conn), path); !error.empty()) {
    err << "keel restore: " << error << "\nThe restore ran in one transaction: nothing changed.\n";
    return kExitRollback;
  }
  std::string after = planner::Fingerprint(LiveCatalog(conn));
  report.SetFingerprint("after", after);
  report.Line("restored; schema checksum " + after);
  return kExitOk;
}

}  // namespace

int RunPreflight(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  (void)out;
  Reporter report(args, err, "preflight");
  return report.Finish(Preflight(args, report, err));
}

int RunPostflight(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  (void)out;
  Reporter report(args, err, "postflight");
  return report.Finish(Postflight(args, report, err));
}

int RunRestore(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  (void)out;
  Reporter report(args, err, "restore");
  return report.Finish(Restore(args, report, err));
}

int RunApply(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  (void)out;
  if (auto e = UnknownAllowedHazard(args.Get("allow-hazards")); !e.empty()) {
    err << "keel apply: --allow-hazards: " << e << "\n";
    return kExitUsage;
  }
  Reporter report(args, err, "apply");
  return report.Finish(ApplySaved(args, "", report, err));
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
  Reporter report(args, err, "rollback");
  if (parser::ClassifySource(TargetDatabase(args)) == parser::SourceKind::kMysql)
    return report.Finish(RollbackMySql(args, count, report, err));
  return report.Finish(Rollback(args, count, report, err));
}

void PrintHistory(std::ostream& out, const std::string& holder,
                  const std::vector<apply::PlanRecord>& plans,
                  const std::function<std::map<int, apply::StepRecord>(long)>& steps_of) {
  if (!holder.empty()) out << "An apply is running now: " << holder << "\n\n";
  out << fmt::format("{:>5}  {:<15}  {:<25}  {:<25}  {:>9}  {}\n", "plan", "status", "started",
                     "finished", "steps", "by");
  for (const auto& p : plans) {
    auto steps = steps_of(p.id);
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
    for (const auto& [id, s] : steps_of(p.id)) {
      if (s.status == "pending" || s.status == "done" || s.status == "undone") continue;
      out << fmt::format("  step {} {}: {}{}{}\n", id, s.status == "running" ? "DIRTY" : s.status,
                         s.description, s.error.empty() ? "" : " - " + s.error,
                         s.progress.empty() ? "" : " (" + s.progress + ")");
    }
    if (!p.backup.empty()) out << "  backup: " << p.backup << "\n";
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
  if (parser::ClassifySource(TargetDatabase(args)) == parser::SourceKind::kMysql)
    return StatusMySql(args, limit, out, err);
  std::string in_schema;
  if (int rc = InSchemaArg(args, &in_schema, err)) return rc;
  Session session;
  if (int c = Connect(args, &session, err)) return c;
  apply::Journal journal(*session.conn, in_schema);
  try {
    if (!journal.Exists()) {
      out << "No plan has been applied to " << session.label << " (no schema keel).\n";
      return kExitOk;
    }
    PrintHistory(out, journal.Holder(), journal.Plans(limit), [&](long id) {
      auto steps = journal.Steps(id);
      for (auto& [n, s] : steps)
        if (!s.progress.empty()) s.progress = "backfilled up to key " + s.progress;
      return steps;
    });
    return kExitOk;
  } catch (const std::exception& e) {
    err << "keel status: " << e.what() << "\n";
    return kExitConnect;
  }
}

}  // namespace keel::cli
