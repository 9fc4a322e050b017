#include "planner/hazards.h"

#include <array>

namespace keel::planner {
namespace {

constexpr std::array<HazardInfo, 11> kHazards = {{
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
}};

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

const HazardInfo& Info(HazardCode code) {
  for (const auto& h : kHazards)
    if (h.code == code) return h;
  return kHazards.front();
}

const HazardInfo* FindHazard(std::string_view id) {
  for (const auto& h : kHazards)
    if (h.id == id) return &h;
  return nullptr;
}

}  // namespace keel::planner
