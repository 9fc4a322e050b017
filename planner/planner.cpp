#include "planner/planner.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "planner/mysql/lower.h"
#include "planner/ordering.h"
#include "planner/postgres/lower.h"
#include "planner/risk.h"

namespace keel::planner {

std::string LockName(LockLevel lock) {
  switch (lock) {
    case LockLevel::kNone:
      return "none";
    case LockLevel::kAccessShare:
      return "ACCESS SHARE";
    case LockLevel::kRowExclusive:
      return "ROW EXCLUSIVE";
    case LockLevel::kShareUpdateExclusive:
      return "SHARE UPDATE EXCLUSIVE";
    case LockLevel::kShare:
      return "SHARE";
    case LockLevel::kShareRowExclusive:
      return "SHARE ROW EXCLUSIVE";
    case LockLevel::kAccessExclusive:
      return "ACCESS EXCLUSIVE";
  }
  return "none";
}

std::string ReversibilityName(Reversibility r) {
  switch (r) {
    case Reversibility::kReversible:
      return "reversible";
    case Reversibility::kLossy:
      return "lossy";
    case Reversibility::kIrreversible:
      return "irreversible";
  }
  return "reversible";
}

std::optional<LockLevel> LockFromName(const std::string& name) {
  for (auto lock : {LockLevel::kNone, LockLevel::kAccessShare, LockLevel::kRowExclusive,
                    LockLevel::kShareUpdateExclusive, LockLevel::kShare,
                    LockLevel::kShareRowExclusive, LockLevel::kAccessExclusive})
    if (LockName(lock) == name) return lock;
  return std::nullopt;
}

std::optional<Reversibility> ReversibilityFromName(const std::string& name) {
  for (auto r : {Reversibility::kReversible, Reversibility::kLossy, Reversibility::kIrreversible})
    if (ReversibilityName(r) == name) return r;
  return std::nullopt;
}

std::string PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kExpand:
      return "expand";
    case Phase::kBackfill:
      return "backfill";
    case Phase::kContract:
      return "contract";
  }
  return "expand";
}

int Plan::risk() const {
  int risk = 0;
  for (const auto& s : steps) risk = std::max(risk, s.risk.score);
  return risk;
}

Plan RollbackPlan(const Plan& plan) {
  Plan undo;
  undo.settings = plan.settings;
  undo.dialect = plan.dialect;
  for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it) {
    if (it->rollback_sql.empty() && it->reversibility != Reversibility::kIrreversible) continue;
    Step s = *it;
    s.description = "undo: " + it->description;
    s.sql = it->rollback_sql;
    s.rollback_sql = it->sql;
    // MySQL DDL commits implicitly: no step of its runs in a transaction.
    s.transactional = plan.dialect == model::Dialect::kPostgres &&
                      (s.sql.empty() || s.sql.front().find("CONCURRENTLY") == std::string::npos);
    s.own_transaction = false;
    s.statement_timeout_ms = -1;
    s.backfill.reset();
    s.expect_empty.clear();
    undo.steps.push_back(std::move(s));
  }
  return undo;
}

PlanResult BuildPlan(const diff::ChangeSet& changes, const model::Catalog& from,
                     const model::Catalog& to, const PlanSettings& settings, PlanTimings* timings) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  const auto start = Clock::now();
  PlanResult result;
  result.plan.settings = settings;
  result.plan.dialect = to.dialect;
  std::set<std::string> created;
  for (const auto& c : changes)
    if (const auto* ct = std::get_if<diff::CreateTable>(&c))
      created.insert(ct->table.name.Display());
  // Steps name the table they lock by its display name: one lookup table for all of them.
  std::map<std::string, const model::Table*> current;
  for (const auto& [qn, t] : from.tables) current[qn.Display()] = &t;
  auto add = [&](Step step) {
    if (created.count(step.lock_table)) step.lock = LockLevel::kNone;
    if (step.lock == LockLevel::kAccessExclusive && !step.lock_table.empty())
      step.hazards.insert(step.hazards.begin(),
                          {HazardCode::kAccessExclusiveLock, "on " + step.lock_table});
    auto table = current.find(step.lock_table);
    ScoreRisk(step, table == current.end() ? nullptr : table->second, settings);
    result.plan.steps.push_back(std::move(step));
  };
  if (to.dialect == model::Dialect::kMySql) {
    for (auto& step : mysql::LowerChanges(changes, from, to, &result.error)) add(std::move(step));
    if (!result.error.empty()) return result;
  } else {
    postgres::LowerContext ctx{from, to, {}, settings, {}, {}};
    postgres::IndexTables(ctx);
    for (const auto& c : changes)
      if (const auto* ct = std::get_if<diff::CreateTable>(&c))
        ctx.new_tables.insert(ct->table.name);
    for (const auto& c : changes)
      for (auto& step : postgres::Lower(c, ctx)) add(std::move(step));
  }
  const auto lowered = Clock::now();
  result.error = OrderSteps(result.plan.steps, &result.plan.edges);
  if (timings) {
    timings->lower_ms = ms(lowered - start);
    timings->order_ms = ms(Clock::now() - lowered);
  }
  return result;
}

}  // namespace keel::planner
