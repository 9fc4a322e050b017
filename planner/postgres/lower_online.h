// Online-safe patterns for tables that already hold data: each keeps the ACCESS EXCLUSIVE
// moments short and moves the long work (scans, index builds, backfills) under locks that let
// reads and writes go on.
#pragma once

#include <string>
#include <vector>

#include "diff/change.h"
#include "model/catalog.h"
#include "planner/plan.h"
#include "planner/postgres/column_rules.h"
#include "planner/postgres/lower.h"

namespace keel::planner::postgres {

/// True when the online patterns apply to `table`: it exists before the plan and is neither
/// partitioned nor new (NOT VALID and CONCURRENTLY do not work on partitioned parents).
bool OnlineTable(const model::QualifiedName& table, const LowerContext& ctx);

/// Makes each step of `steps` run after the one before it.
void Chain(std::vector<Step>& steps, const std::string& object);

/// SET NOT NULL without scanning under ACCESS EXCLUSIVE: CHECK (c IS NOT NULL) NOT VALID,
/// VALIDATE it (SHARE UPDATE EXCLUSIVE), then SET NOT NULL, which the server proves from the
/// valid check instead of scanning, and drop the check. Chained; the last step provides the
/// column's NOT NULL marking.
std::vector<Step> SetNotNullOnline(const model::QualifiedName& table, const std::string& column);

/// ADD COLUMN whose default would rewrite the table (volatile): add it nullable, set the
/// default for new rows, backfill existing rows in batches, then SET NOT NULL online when the
/// column is NOT NULL. Empty when a plain ADD COLUMN takes only a brief lock.
std::vector<Step> AddColumnOnline(const diff::AddColumn& change, const LowerContext& ctx,
                                  const std::vector<std::string>& needs);

/// Why a column's type change on a populated table rewrites it in place instead of going
/// through ChangeColumnTypeOnline: a dependant the swap cannot carry over ("view public.v reads
/// the column", a foreign key, a check, an identity). Empty when nothing stands in the way.
std::string OnlineTypeChangeBlocker(const diff::AlterColumn& change, const LowerContext& ctx);

/// ALTER COLUMN … TYPE that is not binary-coercible, without rewriting the table under ACCESS
/// EXCLUSIVE. Expand: add `<col>_keel_new` of the new type (nullable, no default: a brief ACCESS
/// EXCLUSIVE, no rewrite) and a BEFORE INSERT OR UPDATE trigger that sets it from the old
/// column on every write (SHARE ROW EXCLUSIVE, brief). Backfill: primary-key batches (ROW
/// EXCLUSIVE); NOT NULL through a validated check (SHARE UPDATE EXCLUSIVE); the column's
/// indexes (and those of its primary key and unique constraints) built again on the new column
/// CONCURRENTLY (SHARE UPDATE EXCLUSIVE). Swap, in one
/// short transaction under ACCESS EXCLUSIVE with the plan's lock_timeout: drop the trigger,
/// rename the old column to `<col>_keel_old` and the new one to `<col>`, move the default, drop
/// the old indexes and give the new ones their names, move the constraints over USING INDEX;
/// catalog changes only, no scan (SET NOT NULL was done before, through the check). Contract:
/// drop `<col>_keel_old` and the trigger function (brief ACCESS EXCLUSIVE). The column ends last
/// in the table. `needs` go on the first step, `releases` (the old type) on the last.
std::vector<Step> ChangeColumnTypeOnline(const diff::AlterColumn& change, const LowerContext& ctx,
                                         const std::vector<std::string>& needs,
                                         const std::vector<std::string>& releases, bool via_text);

/// CHECK and FOREIGN KEY on an existing table: ADD … NOT VALID (a brief lock; new rows are
/// checked from then on), then VALIDATE in its own transaction under SHARE UPDATE EXCLUSIVE.
std::vector<Step> ValidateSeparately(const diff::AddConstraint& change, Step add);

/// The unique index a PRIMARY KEY or UNIQUE constraint `con` of `table` needs, named `name`.
model::Index ConstraintIndex(const model::QualifiedName& table, const model::Constraint& con,
                             const std::string& name);

/// ALTER TABLE … ADD CONSTRAINT con PRIMARY KEY|UNIQUE USING INDEX `index` (which takes the
/// constraint's name): a brief ACCESS EXCLUSIVE, no scan.
std::string AddConstraintUsingIndex(const model::QualifiedName& table, const model::Constraint& con,
                                    const std::string& index);

/// PRIMARY KEY and UNIQUE on an existing table: CREATE UNIQUE INDEX CONCURRENTLY, then
/// ADD CONSTRAINT … USING INDEX, which only takes a brief ACCESS EXCLUSIVE lock.
std::vector<Step> UniqueThroughIndex(const diff::AddConstraint& change, Step add);

/// CREATE [UNIQUE] INDEX CONCURRENTLY `create`, alone: SHARE UPDATE EXCLUSIVE lets reads and
/// writes go on; a failed build leaves an INVALID `index`, dropped before a retry.
Step ConcurrentBuild(std::string object, std::string description, int rank, std::string create,
                     const model::QualifiedName& index, const model::QualifiedName& table);

/// True when a changed index is best rebuilt beside the old one: the table stays, and so do
/// the columns the index reads, so the new definition can be built while the old one serves.
bool ReplaceIndexOnline(const model::Index& old, const model::Index& desired,
                        const LowerContext& ctx);

/// The temporary name the new index is built under before it takes the old one's name.
std::string ReplacementName(const model::Index& index);

/// "built:index:…": provided by the build of a replacement, needed by the old index's drop.
std::string ReplacementBuiltId(const model::Index& index);

/// CREATE INDEX CONCURRENTLY under the temporary name, then (after the old index is dropped
/// concurrently) ALTER INDEX … RENAME: the table is never without the index.
std::vector<Step> ReplaceIndex(const model::Index& desired, const std::vector<std::string>& needs);

/// A batched backfill step (outside a transaction). Its SQL is a DO block that commits every
/// batch, so a psql script runs it as is; apply reads the structured Backfill instead.
Step BackfillStep(Backfill backfill, const std::string& object, const std::string& description,
                  const PlanSettings& settings);

/// The key a backfill batches by: the primary key, else a unique constraint or index over NOT
/// NULL columns. Quoted names and types; empty when there is none.
std::vector<std::pair<std::string, std::string>> BatchKey(const model::Table& table,
                                                          const model::Catalog& catalog);

/// "batch-key:<table SQL name>": released by every keyed backfill of the table, removed by a
/// step that changes the type of a key column (the backfill's key variables have the old type).
inline std::string BatchKeyId(const std::string& table) { return "batch-key:" + table; }

/// The DO block of a backfill.
std::string BackfillSql(const Backfill& backfill, const PlanSettings& settings);

/// One batch of a backfill, for a client that drives the batches itself. With a key: fills
/// the pending rows among the next `batch_size` keys after `after` (SQL expressions, one per
/// key column; empty for the first batch) and up to `upto` (the key BackfillEndSql read when
/// the backfill began; empty: no bound), and selects the batch's last key (`into`, e.g.
/// " INTO a, b", is spliced in for PL/pgSQL; no row when the table is done). Without a key:
/// updates up to `batch_size` pending rows; done when it updates none.
std::string BackfillBatchSql(const Backfill& backfill, int batch_size,
                             const std::vector<std::string>& after, const std::string& into = "",
                             const std::vector<std::string>& upto = {});

/// The table's last key, read when a keyed backfill begins (no row: the table is empty). Rows
/// inserted later get the column's default, so the backfill stops there: without that bound a
/// table that gains a row or more per batch pause keeps the backfill going forever.
std::string BackfillEndSql(const Backfill& backfill, const std::string& into = "");

}  // namespace keel::planner::postgres
