#include "planner/hazards.h"

#include <array>

namespace keel::planner {
namespace {

constexpr std::array<HazardInfo, 43> kHazards = {{
    {HazardCode::kDataLoss, "data-loss", Severity::kCritical,
     "Drops stored data; rollback recreates the object empty.",
     "Confirm the data is no longer needed or archived; allow with --allow-hazards data-loss."},
    {HazardCode::kAccessExclusiveLock, "access-exclusive-lock", Severity::kMedium,
     "Takes an ACCESS EXCLUSIVE lock: blocks reads and writes on the table while it runs.",
     "Keep it short: keel sets lock_timeout and retries; run when the table is quiet."},
    {HazardCode::kTableRewrite, "table-rewrite", Severity::kHigh,
     "Rewrites the whole table under an ACCESS EXCLUSIVE lock.",
     "Use an expand/contract change (new column, backfill, swap) on large tables."},
    {HazardCode::kFullScanUnderLock, "full-scan-under-lock", Severity::kMedium,
     "Scans the whole table while holding a lock that blocks writes.",
     "Add a CHECK ... NOT VALID, VALIDATE it, then apply the change."},
    {HazardCode::kIndexBuild, "index-build", Severity::kLow,
     "Builds an index: CPU and I/O proportional to the table's size.",
     "Built CONCURRENTLY on existing tables so writes are not blocked."},
    {HazardCode::kValidatesData, "validates-data", Severity::kLow,
     "Checks every existing row; fails if any row violates the constraint.",
     "Check the data beforehand; keel validates in a separate step that does not block writes."},
    {HazardCode::kIrreversible, "irreversible", Severity::kMedium,
     "Cannot be undone by a rollback script.", "Take a backup before applying."},
    {HazardCode::kRenameBreaksClients, "rename", Severity::kMedium,
     "Renames an object that running application code may still use by its old name.",
     "Deploy code that works with both names first."},
    {HazardCode::kNotTransactional, "not-transactional", Severity::kInfo,
     "Runs outside a transaction; a failure can leave an INVALID leftover.",
     "keel drops an INVALID leftover before retrying."},
    {HazardCode::kBackfill, "backfill", Severity::kLow,
     "Updates existing rows: write load, WAL volume and dead tuples proportional to the table.",
     "Runs in key-ordered batches, each its own short transaction, pausing between batches; "
     "tune with --batch-size and --batch-pause."},
    {HazardCode::kNoBatchKey, "no-batch-key", Severity::kMedium,
     "The table has no primary key or unique NOT NULL key to batch by: each batch searches the "
     "table for rows still to update.",
     "Add a primary key first, or run the backfill when the table is quiet."},
    // Lint rules (keel lint): a statement a hand-written migration should not run as written.
    {HazardCode::kAddingNotNullColumn, "adding-not-null-column", Severity::kHigh,
     "ADD COLUMN ... NOT NULL without a default fails as soon as the table holds a row.",
     "Add the column nullable or with a constant default, backfill it in batches, add CHECK (c "
     "IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL."},
    {HazardCode::kVolatileDefault, "volatile-default", Severity::kHigh,
     "ADD COLUMN with a volatile default (random(), clock_timestamp(), nextval() of a serial) "
     "computes a value per row: the whole table is rewritten under an ACCESS EXCLUSIVE lock.",
     "Add the column without a default (or with a constant one), SET DEFAULT for new rows, then "
     "backfill existing rows in batches."},
    {HazardCode::kAddGeneratedColumn, "add-generated-column", Severity::kHigh,
     "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED computes every row: a table rewrite under "
     "an ACCESS EXCLUSIVE lock.",
     "Add a plain column kept up to date by a trigger, backfill it in batches, or compute the "
     "value in a view or in the application."},
    {HazardCode::kIndexNotConcurrent, "index-not-concurrent", Severity::kHigh,
     "CREATE INDEX without CONCURRENTLY holds a SHARE lock for the whole build: every INSERT, "
     "UPDATE and DELETE on the table waits.",
     "CREATE INDEX CONCURRENTLY, outside any transaction block; drop an INVALID leftover and "
     "retry if it fails."},
    {HazardCode::kDropIndexNotConcurrent, "drop-index-not-concurrent", Severity::kMedium,
     "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table, so it "
     "queues behind every running query and blocks all that come after it.",
     "DROP INDEX CONCURRENTLY, outside any transaction block."},
    {HazardCode::kReindexNotConcurrent, "reindex-not-concurrent", Severity::kMedium,
     "REINDEX without CONCURRENTLY blocks writes to the table, and reads that would use the "
     "index, until the rebuild ends.",
     "REINDEX ... CONCURRENTLY (PostgreSQL 12 and later), outside any transaction block."},
    {HazardCode::kRefreshNotConcurrent, "refresh-not-concurrent", Severity::kMedium,
     "REFRESH MATERIALIZED VIEW without CONCURRENTLY holds an ACCESS EXCLUSIVE lock on the view "
     "for the whole refresh: every read of it waits.",
     "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view)."},
    {HazardCode::kConcurrentlyInTransaction, "concurrently-in-transaction", Severity::kHigh,
     "This statement cannot run inside a transaction block: the migration fails there.",
     "Move it out of BEGIN ... COMMIT (and out of a migration tool's implicit transaction) into "
     "a step of its own."},
    {HazardCode::kConstraintWithoutNotValid, "constraint-without-not-valid", Severity::kHigh,
     "ADD CONSTRAINT CHECK / FOREIGN KEY checks every existing row while holding a lock that "
     "blocks writes (a foreign key also locks the referenced table).",
     "ADD the constraint ... NOT VALID (brief lock; new rows are checked at once), then VALIDATE "
     "CONSTRAINT in a separate transaction, which lets reads and writes go on."},
    {HazardCode::kAddUniqueConstraint, "add-unique-constraint", Severity::kHigh,
     "ADD UNIQUE / PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock: the table is "
     "unreadable and unwritable for the whole build.",
     "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX (or "
     "PRIMARY KEY USING INDEX), which only takes a brief lock."},
    {HazardCode::kAddExclusionConstraint, "add-exclusion-constraint", Severity::kHigh,
     "ADD CONSTRAINT ... EXCLUDE builds its index and checks every row under an ACCESS "
     "EXCLUSIVE lock; there is no NOT VALID or USING INDEX form for it.",
     "Add it while the table is small or quiet, or enforce the rule in a trigger first."},
    {HazardCode::kValidateInTransaction, "validate-in-transaction", Severity::kMedium,
     "VALIDATE CONSTRAINT runs in the same transaction as the ADD ... NOT VALID, which still "
     "holds its lock: the validation scan blocks writes after all.",
     "COMMIT after ADD ... NOT VALID and VALIDATE in a transaction of its own."},
    {HazardCode::kColumnTypeRewrite, "column-type-rewrite", Severity::kHigh,
     "ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes under an ACCESS "
     "EXCLUSIVE lock, unless the change is binary-coercible (varchar widening, varchar to text).",
     "Add a new column, keep it in sync with a trigger, backfill in batches, then swap the names "
     "in one short transaction (keel plan does this)."},
    {HazardCode::kSetNotNull, "set-not-null", Severity::kHigh,
     "SET NOT NULL scans the whole table for NULLs under an ACCESS EXCLUSIVE lock.",
     "ADD CHECK (c IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in its own transaction, then SET "
     "NOT NULL (the server trusts the valid check and skips the scan) and drop the check."},
    {HazardCode::kRewriteCommand, "rewrite-command", Severity::kHigh,
     "VACUUM FULL, CLUSTER, SET LOGGED/UNLOGGED and SET TABLESPACE rewrite the table under an "
     "ACCESS EXCLUSIVE lock.",
     "Use pg_repack or pg_squeeze for online rewrites, or run it in a maintenance window."},
    {HazardCode::kBackfillUnderLock, "backfill-under-lock", Severity::kMedium,
     "The UPDATE runs in the transaction that altered the table, so every row it touches is "
     "written while that ALTER's ACCESS EXCLUSIVE lock is still held.",
     "COMMIT the schema change first, then backfill in batches, each its own short transaction."},
    {HazardCode::kRenameColumn, "rename-column", Severity::kMedium,
     "Renaming a column breaks every running query and deployed application that still uses "
     "the old name.",
     "Add the new column, write both, backfill, move readers, then drop the old column; or "
     "deploy code that handles both names first."},
    {HazardCode::kRenameTable, "rename-table", Severity::kMedium,
     "Renaming a table breaks every running query and deployed application that still uses "
     "the old name.",
     "Rename, then CREATE VIEW old_name AS SELECT * FROM new_name until no client uses it; or "
     "deploy code that handles both names first."},
    {HazardCode::kDropColumn, "drop-column", Severity::kCritical,
     "Drops a column and its data; application code (and ORM column caches) that still read it "
     "break.",
     "Stop using the column in a deploy first, keep a backup or archive copy, then drop it in a "
     "later migration."},
    {HazardCode::kDropTable, "drop-table", Severity::kCritical,
     "Drops a table and its data; clients that still use it break.",
     "Stop using the table in a deploy first, keep a backup or archive copy (or rename it aside "
     "for a while), then drop it."},
    {HazardCode::kDropDatabase, "drop-database", Severity::kCritical, "Drops a whole database.",
     "Never in a migration; do it by hand, after a backup."},
    {HazardCode::kEnumValueRemoval, "enum-value-removal", Severity::kHigh,
     "Removes values from an enum by recreating the type (or editing pg_enum): rows that hold a "
     "removed value make the conversion fail, and editing pg_enum corrupts them.",
     "Migrate the rows off the value first; keep unused values (PostgreSQL cannot drop one), or "
     "switch to a lookup table or a text column with a CHECK."},
    {HazardCode::kMissingLockTimeout, "missing-lock-timeout", Severity::kMedium,
     "Takes a lock that blocks others without a lock_timeout: while it waits behind a long "
     "query, every query on the table queues behind it.",
     "SET lock_timeout = '2s' (or SET LOCAL inside the transaction) before the first such "
     "statement, and retry the migration on timeout."},
    {HazardCode::kTransactionNesting, "transaction-nesting", Severity::kMedium,
     "BEGIN inside a transaction only warns and changes nothing; the COMMIT that follows ends "
     "the outer transaction early.",
     "Remove the inner BEGIN/COMMIT, or the outer transaction (with --in-transaction: the tool's "
     "own)."},
    {HazardCode::kIntPrimaryKey, "int-primary-key", Severity::kMedium,
     "A 32-bit (or 16-bit) primary key runs out at 2,147,483,647; widening it later rewrites the "
     "table and every referencing key.",
     "Use bigint (bigint GENERATED ALWAYS AS IDENTITY)."},
    {HazardCode::kPreferText, "prefer-text", Severity::kLow,
     "varchar(n) / char(n): changing the limit later may need a table rewrite and an ACCESS "
     "EXCLUSIVE lock; char(n) also pads with blanks.",
     "Use text, with CHECK (char_length(c) <= n) when a limit matters (a check can be added NOT "
     "VALID and changed online)."},
    {HazardCode::kPreferTimestamptz, "prefer-timestamptz", Severity::kLow,
     "timestamp without time zone stores wall-clock time with no zone: values become ambiguous "
     "when the server or client zone changes.",
     "Use timestamptz (timestamp with time zone)."},
    {HazardCode::kPreferJsonb, "prefer-jsonb", Severity::kLow,
     "json keeps the text as written: no equality operator (DISTINCT, GROUP BY, UNIQUE fail), no "
     "GIN indexing, slower access.",
     "Use jsonb."},
    {HazardCode::kPreferIdentity, "prefer-identity", Severity::kLow,
     "serial columns own a separate sequence with its own grants and ownership that dumps and "
     "copies handle poorly.",
     "Use GENERATED ALWAYS AS IDENTITY (bigint)."},
    {HazardCode::kSuppressionWithoutReason, "suppression-without-reason", Severity::kLow,
     "A keel-lint suppression comment gives no reason.",
     "Write why after the codes: -- keel-lint: ignore CODE -- reason."},
    {HazardCode::kUnknownLintCode, "unknown-lint-code", Severity::kLow,
     "A keel-lint suppression comment names a code that is not a lint rule.",
     "Use a code from docs/lint.md (keel lint --format sarif lists them)."},
    {HazardCode::kUnusedSuppression, "unused-suppression", Severity::kInfo,
     "A keel-lint suppression comment suppresses nothing.",
     "Remove it, so it cannot hide a later finding."},
}};

constexpr bool InEnumOrder() {
  for (size_t i = 0; i < kHazards.size(); ++i)
    if (static_cast<size_t>(kHazards[i].code) != i) return false;
  return true;
}
static_assert(InEnumOrder(), "kHazards lists every HazardCode, in the enum's order");

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

const HazardInfo& Info(HazardCode code) { return kHazards[static_cast<size_t>(code)]; }

std::span<const HazardInfo> AllHazards() { return kHazards; }

const HazardInfo* FindHazard(std::string_view id) {
  for (const auto& h : kHazards)
    if (h.id == id) return &h;
  return nullptr;
}

}  // namespace keel::planner
