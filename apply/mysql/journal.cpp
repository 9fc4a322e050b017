#include "apply/mysql/journal.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace keel::apply::mysql {
namespace {

const char* const kCreate[] = {
    "CREATE DATABASE IF NOT EXISTS keel CHARACTER SET utf8mb4",
    "CREATE TABLE IF NOT EXISTS keel.plans ("
    " id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " scope VARCHAR(64) NOT NULL,"
    " plan_hash VARCHAR(64) NOT NULL,"
    " status VARCHAR(32) NOT NULL,"
    " applied_by VARCHAR(255) NOT NULL,"
    " started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
    " finished_at DATETIME(3) NULL,"
    " fingerprint_before VARCHAR(64) NOT NULL DEFAULT '',"
    " fingerprint_after VARCHAR(64) NOT NULL DEFAULT '',"
    " backup TEXT NULL,"
    " plan LONGTEXT NOT NULL,"
    " KEY plans_scope (scope, plan_hash)"
    ") ENGINE=InnoDB",
    "CREATE TABLE IF NOT EXISTS keel.steps ("
    " plan_id BIGINT NOT NULL,"
    " step INT NOT NULL,"
    " description TEXT NOT NULL,"
    " status VARCHAR(32) NOT NULL DEFAULT 'pending',"
    " attempts INT NOT NULL DEFAULT 0,"
    " statements_done INT NOT NULL DEFAULT 0,"
    " error TEXT NULL,"
    " started_at DATETIME(3) NULL,"
    " finished_at DATETIME(3) NULL,"
    " PRIMARY KEY (plan_id, step)"
    ") ENGINE=InnoDB",
};

std::string Value(const std::optional<std::string>& v) { return v.value_or(""); }

std::string AppliedBy(Connection& conn) {
  return OsUser() + " as " + Value(conn.Query("SELECT CURRENT_USER()").rows[0][0]);
}

}  // namespace

std::string Literal(const std::string& text) {
  if (text.empty()) return "''";
  std::string out = "_utf8mb4 X'";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out + "'";
}

bool Journal::Exists() {
  auto rows = conn_.Query(
      "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'keel' AND "
      "TABLE_NAME IN ('plans', 'steps')");
  return Value(rows.rows[0][0]) == "2";
}

void Journal::Ensure() {
  for (const char* sql : kCreate) conn_.Execute(sql);
}

bool Journal::Lock(int wait_ms) {
  // GET_LOCK waits in whole seconds; poll so a short --lock-wait stays short.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  const std::string sql = "SELECT GET_LOCK(" + Literal("keel.apply:" + scope_) + ", 0)";
  while (true) {
    if (Value(conn_.Query(sql).rows[0][0]) == "1") return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void Journal::Unlock() {
  conn_.Query("SELECT RELEASE_LOCK(" + Literal("keel.apply:" + scope_) + ")");
}

std::string Journal::Holder() {
  auto rows = conn_.Query(
      "SELECT p.ID, p.USER, p.HOST, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = "
      "IS_USED_LOCK(" +
      Literal("keel.apply:" + scope_) + ")");
  if (rows.rows.empty()) return "";
  const auto& r = rows.rows[0];
  return fmt::format("connection {} (user {}@{}, for {} s)", Value(r[0]), Value(r[1]), Value(r[2]),
                     Value(r[3]));
}

std::vector<PlanRecord> Journal::SelectPlans(const std::string& where, int limit) {
  auto rows = conn_.Query(
      "SELECT id, plan_hash, status, applied_by, DATE_FORMAT(started_at, '%Y-%m-%d %H:%i:%s'), "
      "COALESCE(DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i:%s'), ''), fingerprint_before, "
      "fingerprint_after, COALESCE(backup, ''), plan FROM keel.plans WHERE scope = " +
      Literal(scope_) + where + " ORDER BY id DESC LIMIT " + std::to_string(limit));
  std::vector<PlanRecord> out;
  for (const auto& r : rows.rows) {
    PlanRecord p;
    p.id = std::stol(Value(r[0]));
    p.hash = Value(r[1]);
    p.status = Value(r[2]);
    p.applied_by = Value(r[3]);
    p.started_at = Value(r[4]);
    p.finished_at = Value(r[5]);
    p.fingerprint_before = Value(r[6]);
    p.fingerprint_after = Value(r[7]);
    p.backup = Value(r[8]);
    p.plan_json = Value(r[9]);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PlanRecord> Journal::Plans(int limit) { return SelectPlans("", limit); }

std::optional<PlanRecord> Journal::Unfinished(const std::string& hash) {
  auto plans =
      SelectPlans(" AND plan_hash = " + Literal(hash) + " AND status IN ('running', 'failed')", 1);
  if (plans.empty()) return std::nullopt;
  return plans[0];
}

std::optional<PlanRecord> Journal::AnyUnfinished() {
  auto plans = SelectPlans(" AND status IN ('running', 'failed')", 1);
  if (plans.empty()) return std::nullopt;
  return plans[0];
}

std::optional<PlanRecord> Journal::Applied(const std::string& hash) {
  auto plans = SelectPlans(" AND plan_hash = " + Literal(hash) + " AND status = 'applied'", 1);
  if (plans.empty()) return std::nullopt;
  return plans[0];
}

std::map<int, StepRecord> Journal::Steps(long plan_id) {
  auto rows = conn_.Query(
      "SELECT step, description, status, attempts, COALESCE(error, ''), statements_done, "
      "COALESCE(DATE_FORMAT(started_at, '%Y-%m-%d %H:%i:%s'), ''), "
      "COALESCE(DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i:%s'), '') FROM keel.steps WHERE "
      "plan_id = " +
      std::to_string(plan_id) + " ORDER BY step");
  std::map<int, StepRecord> out;
  for (const auto& r : rows.rows) {
    StepRecord s;
    s.step = std::stoi(Value(r[0]));
    s.description = Value(r[1]);
    s.status = Value(r[2]);
    s.attempts = std::stoi(Value(r[3]));
    s.error = Value(r[4]);
    s.progress = Value(r[5]);
    s.started_at = Value(r[6]);
    s.finished_at = Value(r[7]);
    out[s.step] = std::move(s);
  }
  return out;
}

long Journal::Begin(const std::string& hash, const std::string& fingerprint,
                    const std::string& plan_json,
                    const std::vector<std::pair<int, std::string>>& steps,
                    const std::string& status) {
  const std::string who = AppliedBy(conn_);
  conn_.Execute("START TRANSACTION");
  try {
    conn_.Execute(
        "INSERT INTO keel.plans (scope, plan_hash, status, applied_by, fingerprint_before, plan) "
        "VALUES (" +
        Literal(scope_) + ", " + Literal(hash) + ", " + Literal(status) + ", " + Literal(who) +
        ", " + Literal(fingerprint) + ", " + Literal(plan_json) + ")");
    long id = std::stol(Value(conn_.Query("SELECT LAST_INSERT_ID()").rows[0][0]));
    for (const auto& [step, description] : steps)
      conn_.Execute(
          fmt::format("INSERT INTO keel.steps (plan_id, step, description) VALUES ({}, {}, {})", id,
                      step, Literal(description)));
    conn_.Execute("COMMIT");
    return id;
  } catch (...) {
    conn_.Execute("ROLLBACK");
    throw;
  }
}

void Journal::SetPlanStatus(long id, const std::string& status,
                            const std::string& fingerprint_after) {
  const bool finished = status != "running";
  conn_.Execute(
      "UPDATE keel.plans SET status = " + Literal(status) +
      (fingerprint_after.empty() ? "" : ", fingerprint_after = " + Literal(fingerprint_after)) +
      (finished ? ", finished_at = CURRENT_TIMESTAMP(3)" : ", finished_at = NULL") +
      " WHERE id = " + std::to_string(id));
}

void Journal::SetBackup(long id, const std::string& path) {
  conn_.Execute("UPDATE keel.plans SET backup = " + Literal(path) +
                " WHERE id = " + std::to_string(id));
}

void Journal::StepStarted(long plan_id, int step, const std::string& status, bool first) {
  conn_.Execute(
      fmt::format("UPDATE keel.steps SET status = {}, attempts = attempts + 1, error = NULL, {}"
                  "started_at = CURRENT_TIMESTAMP(3) WHERE plan_id = {} AND step = {}",
                  Literal(status), first ? "statements_done = 0, " : "", plan_id, step));
}

void Journal::StatementsDone(long plan_id, int step, int done) {
  conn_.Execute(
      fmt::format("UPDATE keel.steps SET statements_done = {} WHERE plan_id = {} AND step = {}",
                  done, plan_id, step));
}

void Journal::StepFinished(long plan_id, int step, const std::string& status) {
  conn_.Execute(fmt::format(
      "UPDATE keel.steps SET status = {}, finished_at = CURRENT_TIMESTAMP(3) WHERE plan_id = {} "
      "AND step = {}",
      Literal(status), plan_id, step));
}

void Journal::StepFailed(long plan_id, int step, const std::string& error,
                         const std::string& status) {
  conn_.Execute(
      fmt::format("UPDATE keel.steps SET status = {}, error = {} WHERE plan_id = {} AND step = {}",
                  Literal(status), Literal(error), plan_id, step));
}

}  // namespace keel::apply::mysql
