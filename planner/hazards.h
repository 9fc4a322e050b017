// One table of hazard codes shared by the planner and the linter: stable id, severity,
// explanation and mitigation.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace keel::planner {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
std::string_view SeverityName(Severity s);

enum class HazardCode {
  kDataLoss,
  kAccessExclusiveLock,
  kTableRewrite,
  kFullScanUnderLock,
  kIndexBuild,
  kValidatesData,
  kIrreversible,
  kRenameBreaksClients,
  kNotTransactional,
  kBackfill,
  kNoBatchKey,
  // Lint rules for hand-written migrations (keel lint); the planner never emits these.
  kAddingNotNullColumn,
  kVolatileDefault,
  kAddGeneratedColumn,
  kIndexNotConcurrent,
  kDropIndexNotConcurrent,
  kReindexNotConcurrent,
  kRefreshNotConcurrent,
  kConcurrentlyInTransaction,
  kConstraintWithoutNotValid,
  kAddUniqueConstraint,
  kAddExclusionConstraint,
  kValidateInTransaction,
  kColumnTypeRewrite,
  kSetNotNull,
  kRewriteCommand,
  kBackfillUnderLock,
  kRenameColumn,
  kRenameTable,
  kDropColumn,
  kDropTable,
  kDropDatabase,
  kEnumValueRemoval,
  kMissingLockTimeout,
  kTransactionNesting,
  kIntPrimaryKey,
  kPreferText,
  kPreferTimestamptz,
  kPreferJsonb,
  kPreferIdentity,
  kSuppressionWithoutReason,
  kUnknownLintCode,
  kUnusedSuppression,
};

/// The first lint rule: codes from here on are reported by keel lint only.
inline constexpr HazardCode kFirstLintRule = HazardCode::kAddingNotNullColumn;

struct HazardInfo {
  HazardCode code;
  std::string_view id;  // stable: "data-loss"
  Severity severity;
  std::string_view explanation;
  std::string_view mitigation;
};

const HazardInfo& Info(HazardCode code);
/// The hazard with stable id `id` ("data-loss"), if any.
const HazardInfo* FindHazard(std::string_view id);
/// Every entry of the table, planner hazards first, then lint rules.
std::span<const HazardInfo> AllHazards();

/// A hazard on one step: its code and what in particular triggers it.
struct Hazard {
  HazardCode code;
  std::string detail;
};

}  // namespace keel::planner
