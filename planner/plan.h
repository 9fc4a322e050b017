// A plan: ordered steps, each with forward SQL, rollback SQL, lock, hazards and its origin.
#pragma once

#include <string>
#include <vector>

#include "planner/hazards.h"

namespace keel::planner {

enum class LockLevel {
  kNone,
  kAccessShare,
  kShareUpdateExclusive,
  kShare,
  kShareRowExclusive,
  kAccessExclusive,
};
std::string LockName(LockLevel lock);

enum class Reversibility { kReversible, kLossy, kIrreversible };
std::string ReversibilityName(Reversibility r);

struct Step {
  int id = 0;  // 1-based position in the plan
  std::string object;       // identity of the object it acts on ("table:public.t")
  std::string description;  // the change it comes from
  std::vector<std::string> sql;           // statements without trailing ';'
  std::vector<std::string> rollback_sql;  // undoes this step
  Reversibility reversibility = Reversibility::kReversible;
  std::string rollback_note;  // why lossy or irreversible
  bool transactional = true;
  LockLevel lock = LockLevel::kAccessExclusive;
  std::string lock_table;  // the table the lock is taken on, when any
  std::vector<Hazard> hazards;
  /// Why the step sits where it does: "after step 3 (needs table:public.t)"; empty when only the
  /// priority (creates early, drops late, then by name) placed it.
  std::string placed_after;

  // Dependency facts used for ordering (object identities).
  std::vector<std::string> provides;  // created or renamed into existence
  std::vector<std::string> needs;     // must exist before
  std::vector<std::string> removes;   // dropped or renamed away
  std::vector<std::string> releases;  // stops using; must run before their removal
  int rank = 0;                       // tie-break class: creates early, drops late
};

struct PlanSettings {
  int lock_timeout_ms = 2000;
  int statement_timeout_ms = 60000;
};

struct Plan {
  std::vector<Step> steps;
  PlanSettings settings;
  bool empty() const { return steps.empty(); }
};

}  // namespace keel::planner
