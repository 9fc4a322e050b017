// A plan: ordered steps, each with forward SQL, rollback SQL, lock, hazards and its origin.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "planner/hazards.h"

namespace keel::planner {

enum class LockLevel {
  kNone,
  kAccessShare,
  kRowExclusive,
  kShareUpdateExclusive,
  kShare,
  kShareRowExclusive,
  kAccessExclusive,
};
std::string LockName(LockLevel lock);
std::optional<LockLevel> LockFromName(const std::string& name);

enum class Reversibility { kReversible, kLossy, kIrreversible };
std::string ReversibilityName(Reversibility r);
std::optional<Reversibility> ReversibilityFromName(const std::string& name);

/// Where an application deploy may happen: after expand (new things exist, old ones still work)
/// and before contract (old things removed).
enum class Phase { kExpand = 1, kBackfill = 2, kContract = 3 };
std::string PhaseName(Phase phase);

/// A batched update run outside a transaction: rows still `pending` get `column = value`,
/// `batch_size` rows per transaction in key order, pausing between batches.
struct Backfill {
  std::string table;    // qualified SQL name
  std::string column;   // quoted
  std::string value;    // SQL expression, evaluated per row
  std::string pending;  // predicate of the rows still to fill
  /// Key columns (quoted) and their types, in key order; empty when the table has no usable
  /// key (then batches are picked by ctid among the pending rows).
  std::vector<std::pair<std::string, std::string>> key;
};

/// How a step's risk score (0-100) came about, one factor per line.
struct Risk {
  int score = 0;
  double estimated_seconds = 0;  // of the whole step
  double blocking_seconds = 0;   // while holding a lock that blocks writes
  std::vector<std::string> factors;
  bool unsized = false;  // its work scales with a table whose size is unknown: not estimated
};

struct Step {
  int id = 0;                             // 1-based position in the plan
  std::string object;                     // identity of the object it acts on ("table:public.t")
  std::string description;                // the change it comes from
  std::vector<std::string> sql;           // statements without trailing ';'
  std::vector<std::string> rollback_sql;  // undoes this step
  Reversibility reversibility = Reversibility::kReversible;
  std::string rollback_note;  // why lossy or irreversible
  bool transactional = true;
  /// A transactional step that must not share its transaction: a long VALIDATE would otherwise
  /// hold the locks the steps before it took.
  bool own_transaction = false;
  /// statement_timeout of this step: -1 the plan's, 0 none (builds, validations, backfills
  /// have their own budget; a lock timeout still bounds their wait).
  int statement_timeout_ms = -1;
  /// Run before retrying the step after a failure (e.g. drop an INVALID index a failed
  /// concurrent build left behind).
  std::vector<std::string> before_retry;
  /// Queries that must return no rows once the step's statements ran; a row fails the step
  /// (MySQL: rows a foreign key added without checking them would leave orphaned).
  std::vector<std::string> expect_empty;
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

  Phase phase = Phase::kExpand;  // requested by lowering; ordering may move it later
  std::optional<Backfill> backfill;
  Risk risk;
};

/// A "must run before" edge of the dependency graph that ordered the steps, by step id.
struct Edge {
  int before = 0;
  int after = 0;
  std::string why;  // "needs table:public.t", "replaces …", "stops using …"
};

struct PlanSettings {
  int lock_timeout_ms = 2000;
  int statement_timeout_ms = 60000;
  int batch_size = 1000;  // rows per backfill transaction
  int batch_pause_ms = 100;
};

struct Plan {
  std::vector<Step> steps;
  std::vector<Edge> edges;  // sorted by (before, after)
  PlanSettings settings;
  /// Fingerprint of the schema the plan starts from (planner::Fingerprint); apply refuses a
  /// saved plan when the live schema's differs.
  std::string fingerprint;
  /// The desired schema as SQL, carried by saved plans so apply can check it reached it.
  std::string desired_sql;
  /// The tenant schema of a --in-schema target (empty: the whole database). Its steps name
  /// objects qualified but expressions unqualified, so they run with search_path = in_schema.
  std::string in_schema;
  /// The server the steps are written for (the desired catalog's dialect).
  model::Dialect dialect = model::Dialect::kPostgres;
  bool empty() const { return steps.empty(); }
  /// The riskiest step's score.
  int risk() const;
};

/// The plan that undoes `plan`: its steps in reverse order, each running its rollback SQL
/// ("undo: …"), outside a transaction when that SQL is a concurrent index operation. Steps
/// with nothing to undo (a validation) are left out; irreversible ones stay, with their note.
Plan RollbackPlan(const Plan& plan);

}  // namespace keel::planner
