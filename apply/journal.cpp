#include "apply/journal.h"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace keel::apply {
namespace {

// Advisory lock keys: ('keel', 1) for the whole database, so it cannot collide with an
// application's single-int key; ('keel' + 1, hashtext(scope)) for a tenant.
constexpr long kLockClass = 1801807212;
constexpr long kScopeLockClass = kLockClass + 1;

const char* kSchema = R"sql(
CREATE SCHEMA IF NOT EXISTS keel;
CREATE TABLE IF NOT EXISTS keel.plans (
  id bigserial PRIMARY KEY,
  plan_hash text NOT NULL,
  status text NOT NULL,
  applied_by text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  fingerprint_before text NOT NULL DEFAULT '',
  fingerprint_after text NOT NULL DEFAULT '',
  backup text NOT NULL DEFAULT '',
  plan text NOT NULL
);
CREATE TABLE IF NOT EXISTS keel.steps (
  plan_id bigint NOT NULL REFERENCES keel.plans (id),
  step integer NOT NULL,
  description text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  error text NOT NULL DEFAULT '',
  progress text NOT NULL DEFAULT '',
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (plan_id, step)
);
)sql";

// The plan's scope: a --in-schema target's schema, '' for the whole database.
const char* kAddScope =
    "ALTER TABLE keel.plans ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT ''";

const char* kPlanColumns =
    "id, plan_hash, status, applied_by, started_at::text, coalesce(finished_at::text, ''), "
    "fingerprint_before, fingerprint_after, backup, plan";

PlanRecord ReadPlan(const pqxx::row& r) {
  PlanRecord p;
  p.id = r[0].as<long>();
  p.hash = r[1].c_str();
  p.status = r[2].c_str();
  p.applied_by = r[3].c_str();
  p.started_at = r[4].c_str();
  p.finished_at = r[5].c_str();
  p.fingerprint_before = r[6].c_str();
  p.fingerprint_after = r[7].c_str();
  p.backup = r[8].c_str();
  p.plan_json = r[9].c_str();
  return p;
}

std::optional<PlanRecord> First(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return ReadPlan(r[0]);
}

}  // namespace

bool Journal::Exists() {
  pqxx::nontransaction tx(conn_);
  return tx.exec("SELECT to_regclass('keel.steps') IS NOT NULL")[0][0].as<bool>();
}

void Journal::Ensure() {
  pqxx::work tx(conn_);
  // Two applies may create the schema at once; the lock keeps them from racing.
  tx.exec("SELECT pg_advisory_xact_lock(1801807212, 0)");
  tx.exec(kSchema);
  tx.exec(kAddScope);
  tx.commit();
  has_scope_column_ = checked_scope_column_ = true;
}

bool Journal::Lock(int wait_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  const std::string database = fmt::format("{}, 1", kLockClass);
  while (true) {
    {
      pqxx::nontransaction tx(conn_);
      if (scope_.empty()) {
        if (tx.exec("SELECT pg_try_advisory_lock(" + database + ")")[0][0].as<bool>()) return true;
      } else if (tx.exec("SELECT pg_try_advisory_lock_shared(" + database + ")")[0][0].as<bool>()) {
        if (tx.exec(fmt::format("SELECT pg_try_advisory_lock({}, hashtext({}))", kScopeLockClass,
                                tx.quote(scope_)))[0][0]
                .as<bool>())
          return true;
        tx.exec("SELECT pg_advisory_unlock_shared(" + database + ")");
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

void Journal::Unlock() {
  pqxx::nontransaction tx(conn_);
  if (scope_.empty()) {
    tx.exec(fmt::format("SELECT pg_advisory_unlock({}, 1)", kLockClass));
    return;
  }
  tx.exec(fmt::format("SELECT pg_advisory_unlock({}, hashtext({}))", kScopeLockClass,
                      tx.quote(scope_)));
  tx.exec(fmt::format("SELECT pg_advisory_unlock_shared({}, 1)", kLockClass));
}

bool Journal::HasScopeColumn(pqxx::transaction_base& tx) {
  if (!checked_scope_column_) {
    has_scope_column_ =
        tx.exec(
              "SELECT count(*) > 0 FROM pg_attribute WHERE attrelid = 'keel.plans'::regclass "
              "AND attname = 'scope' AND NOT attisdropped")[0][0]
            .as<bool>();
    checked_scope_column_ = true;
  }
  return has_scope_column_;
}

std::string Journal::InScope(pqxx::transaction_base& tx) {
  if (HasScopeColumn(tx)) return " AND scope = " + tx.quote(scope_);
  return scope_.empty() ? "" : " AND false";
}

std::string Journal::Holder() {
  pqxx::nontransaction tx(conn_);
  // Whoever keeps this scope's lock from us: the whole database's holder, in whichever mode
  // conflicts with ours, or the same tenant's.
  const std::string conflicts =
      scope_.empty() ? fmt::format("(l.classid = {} AND l.objid = 1)", kLockClass)
                     : fmt::format(
                           "((l.classid = {} AND l.objid = 1 AND l.mode = 'ExclusiveLock') OR "
                           "(l.classid = {} AND l.objid = hashtext({})::oid))",
                           kLockClass, kScopeLockClass, tx.quote(scope_));
  auto r = tx.exec(
      "SELECT a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''), "
      "coalesce(a.client_addr::text, 'local'), coalesce(a.backend_start::text, '') "
      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
      "(SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND l.objsubid = 2 AND l.pid <> pg_backend_pid() AND " +
      conflicts + " ORDER BY a.pid LIMIT 1");
  if (r.empty()) return "";
  return "pid " + std::string(r[0][0].c_str()) + " (user " + r[0][1].c_str() + ", application '" +
         r[0][2].c_str() + "', from " + r[0][3].c_str() + ", connected since " + r[0][4].c_str() +
         ")";
}

std::vector<PlanRecord> Journal::Plans(int limit) {
  pqxx::nontransaction tx(conn_);
  std::vector<PlanRecord> out;
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kPlanColumns + " FROM keel.plans WHERE true" + InScope(tx) +
               " ORDER BY id DESC LIMIT " + std::to_string(limit)))
    out.push_back(ReadPlan(r));
  return out;
}

std::optional<PlanRecord> Journal::Plan(long id) {
  pqxx::nontransaction tx(conn_);
  return First(tx.exec(std::string("SELECT ") + kPlanColumns +
                       " FROM keel.plans WHERE id = " + std::to_string(id)));
}

std::optional<PlanRecord> Journal::Unfinished(const std::string& hash) {
  pqxx::nontransaction tx(conn_);
  return First(tx.exec(std::string("SELECT ") + kPlanColumns +
                       " FROM keel.plans WHERE plan_hash = " + tx.quote(hash) + InScope(tx) +
                       " AND status IN ('running', 'failed') ORDER BY id DESC LIMIT 1"));
}

std::optional<PlanRecord> Journal::AnyUnfinished() {
  pqxx::nontransaction tx(conn_);
  return First(tx.exec(std::string("SELECT ") + kPlanColumns +
                       " FROM keel.plans WHERE status IN ('running', 'failed', 'rolling_back', "
                       "'rollback_failed')" +
                       InScope(tx) + " ORDER BY id DESC LIMIT 1"));
}

std::optional<PlanRecord> Journal::Applied(const std::string& hash) {
  pqxx::nontransaction tx(conn_);
  return First(tx.exec(std::string("SELECT ") + kPlanColumns +
                       " FROM keel.plans WHERE plan_hash = " + tx.quote(hash) + InScope(tx) +
                       " AND status = 'applied' ORDER BY id DESC LIMIT 1"));
}

bool Journal::DryRunWithin(const std::string& hash, int ms) {
  pqxx::nontransaction tx(conn_);
  return tx
      .exec("SELECT count(*) > 0 FROM keel.plans WHERE plan_hash = " + tx.quote(hash) +
            InScope(tx) +
            " AND status = 'dry_run' AND finished_at > clock_timestamp() - interval '" +
            std::to_string(ms) + " milliseconds'")[0][0]
      .as<bool>();
}

std::map<int, StepRecord> Journal::Steps(long plan_id) {
  pqxx::nontransaction tx(conn_);
  std::map<int, StepRecord> out;
  for (const auto& r :
       tx.exec("SELECT step, description, status, attempts, error, progress, "
               "coalesce(started_at::text, ''), coalesce(finished_at::text, '') FROM keel.steps "
               "WHERE plan_id = " +
               std::to_string(plan_id) + " ORDER BY step")) {
    StepRecord s;
    s.step = r[0].as<int>();
    s.description = r[1].c_str();
    s.status = r[2].c_str();
    s.attempts = r[3].as<int>();
    s.error = r[4].c_str();
    s.progress = r[5].c_str();
    s.started_at = r[6].c_str();
    s.finished_at = r[7].c_str();
    out[s.step] = s;
  }
  return out;
}

long Journal::Begin(const std::string& hash, const std::string& fingerprint,
                    const std::string& plan_json,
                    const std::vector<std::pair<int, std::string>>& steps,
                    const std::string& status) {
  const std::string who = AppliedBy(conn_);
  pqxx::work tx(conn_);
  // A journal written before scopes: its plans were all of the whole database.
  if (!HasScopeColumn(tx)) {
    tx.exec(kAddScope);
    has_scope_column_ = true;
  }
  long id = tx.exec(
                  "INSERT INTO keel.plans (scope, plan_hash, status, applied_by, "
                  "fingerprint_before, plan) VALUES (" +
                  tx.quote(scope_) + ", " + tx.quote(hash) + ", " + tx.quote(status) + ", " +
                  tx.quote(who) + ", " + tx.quote(fingerprint) + ", " + tx.quote(plan_json) +
                  ") RETURNING id")[0][0]
                .as<long>();
  for (const auto& [step, description] : steps)
    tx.exec("INSERT INTO keel.steps (plan_id, step, description) VALUES (" + std::to_string(id) +
            ", " + std::to_string(step) + ", " + tx.quote(description) + ")");
  tx.commit();
  return id;
}

void Journal::SetPlanStatus(long id, const std::string& status,
                            const std::string& fingerprint_after) {
  pqxx::nontransaction tx(conn_);
  bool final = status == "applied" || status == "rolled_back" || status == "dry_run";
  tx.exec(
      "UPDATE keel.plans SET status = " + tx.quote(status) +
      (fingerprint_after.empty() ? "" : ", fingerprint_after = " + tx.quote(fingerprint_after)) +
      (final ? ", finished_at = clock_timestamp()" : "") + " WHERE id = " + std::to_string(id));
}

void Journal::SetBackup(long id, const std::string& path) {
  pqxx::nontransaction tx(conn_);
  tx.exec("UPDATE keel.plans SET backup = " + tx.quote(path) + " WHERE id = " + std::to_string(id));
}

void Journal::StepStarted(long plan_id, int step) {
  pqxx::nontransaction tx(conn_);
  tx.exec(
      "UPDATE keel.steps SET status = 'running', attempts = attempts + 1, error = '', "
      "started_at = clock_timestamp() WHERE plan_id = " +
      std::to_string(plan_id) + " AND step = " + std::to_string(step));
}

void Journal::StepFinished(pqxx::transaction_base& tx, long plan_id, int step,
                           const std::string& status) {
  tx.exec("UPDATE keel.steps SET status = " + tx.quote(status) +
          ", finished_at = clock_timestamp() WHERE plan_id = " + std::to_string(plan_id) +
          " AND step = " + std::to_string(step));
}

void Journal::StepFailed(long plan_id, int step, const std::string& error) {
  pqxx::nontransaction tx(conn_);
  tx.exec("UPDATE keel.steps SET status = 'failed', error = " + tx.quote(error) +
          ", finished_at = clock_timestamp() WHERE plan_id = " + std::to_string(plan_id) +
          " AND step = " + std::to_string(step));
}

void Journal::StepProgress(pqxx::transaction_base& tx, long plan_id, int step,
                           const std::string& progress) {
  tx.exec("UPDATE keel.steps SET progress = " + tx.quote(progress) +
          " WHERE plan_id = " + std::to_string(plan_id) + " AND step = " + std::to_string(step));
}

std::string OsUser() {
  const char* user = std::getenv("USER");
  if (!user || !*user)
    if (const passwd* pw = getpwuid(getuid())) user = pw->pw_name;
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(user ? user : "unknown") + "@" + host;
}

std::string AppliedBy(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return OsUser() + " as " + tx.exec("SELECT current_user")[0][0].c_str();
}

}  // namespace keel::apply
