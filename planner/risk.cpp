#include "planner/risk.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace keel::planner {
namespace {

int SeverityPoints(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return 0;
    case Severity::kLow:
      return 10;
    case Severity::kMedium:
      return 20;
    case Severity::kHigh:
      return 40;
    case Severity::kCritical:
      return 70;
  }
  return 0;
}

// Locks from SHARE up block writes for as long as they are held.
bool BlocksWrites(LockLevel lock) {
  return lock == LockLevel::kShare || lock == LockLevel::kShareRowExclusive ||
         lock == LockLevel::kAccessExclusive;
}

std::string Seconds(double s) {
  if (s < 1) return fmt::format("{:.0f} ms", s * 1000);
  if (s < 120) return fmt::format("{:.1f} s", s);
  return fmt::format("{:.1f} min", s / 60);
}

std::string Bytes(int64_t b) {
  if (b >= int64_t{1} << 30) return fmt::format("{:.1f} GB", b / double(int64_t{1} << 30));
  if (b >= int64_t{1} << 20) return fmt::format("{:.1f} MB", b / double(int64_t{1} << 20));
  if (b >= 1024) return fmt::format("{:.0f} kB", b / 1024.0);
  return fmt::format("{} B", b);
}

}  // namespace

void ScoreRisk(Step& step, const model::Table* table, const PlanSettings& settings,
               const Throughput& throughput) {
  Risk risk;
  const bool known = table && table->total_bytes >= 0;
  const double bytes = known ? static_cast<double>(table->total_bytes) : 0;
  // An unanalyzed table has no row estimate: assume 100 bytes a row.
  const double rows = !known ? 0 : table->est_rows >= 0 ? double(table->est_rows) : bytes / 100;

  int points = 0;
  const HazardInfo* worst = nullptr;
  bool scales = false;  // some work grows with the table
  double work = 0, blocking = 0;
  for (const auto& h : step.hazards) {
    const HazardInfo& info = Info(h.code);
    if (!worst || SeverityPoints(info.severity) > SeverityPoints(worst->severity)) worst = &info;
    double w = 0;
    bool blocks = false;
    switch (h.code) {
      case HazardCode::kTableRewrite:
        w = bytes / throughput.rewrite_bytes;
        blocks = true;
        break;
      case HazardCode::kFullScanUnderLock:
        w = bytes / throughput.scan_bytes;
        blocks = true;
        break;
      case HazardCode::kIndexBuild:
        w = bytes / throughput.index_bytes;
        blocks = BlocksWrites(step.lock);
        break;
      case HazardCode::kValidatesData:
        w = bytes / throughput.scan_bytes;
        blocks = BlocksWrites(step.lock);
        break;
      case HazardCode::kBackfill:
        w = rows / throughput.backfill_rows +
            std::ceil(rows / std::max(1, settings.batch_size)) * settings.batch_pause_ms / 1000.0;
        break;
      default:
        continue;
    }
    scales = true;
    work += w;
    if (blocks) blocking += w;
  }
  if (worst && SeverityPoints(worst->severity) > 0) {
    points += SeverityPoints(worst->severity);
    risk.factors.push_back(fmt::format("hazard {} ({}): +{}", worst->id,
                                       SeverityName(worst->severity),
                                       SeverityPoints(worst->severity)));
  }
  if (table && scales && !known) {
    points += 10;
    risk.unsized = true;
    risk.factors.push_back("size of " + step.lock_table +
                           " unknown (no live statistics): +10, duration not estimated");
  } else if (scales && known) {
    risk.factors.push_back(fmt::format("{}: {} rows, {}; estimated {}", step.lock_table,
                                       static_cast<int64_t>(rows), Bytes(table->total_bytes),
                                       Seconds(work)));
  }
  if (blocking >= 0.1) {
    int p = blocking < 1 ? 10 : blocking < 10 ? 25 : blocking < 60 ? 40 : 55;
    points += p;
    risk.factors.push_back(fmt::format("blocks writes for about {} ({}): +{}", Seconds(blocking),
                                       LockName(step.lock), p));
  } else if (step.lock == LockLevel::kAccessExclusive && table) {
    risk.factors.push_back(
        fmt::format("brief ACCESS EXCLUSIVE lock; waits at most {} behind running transactions",
                    Seconds(settings.lock_timeout_ms / 1000.0)));
  }
  if (table && table->writes_per_second >= 10 && BlocksWrites(step.lock)) {
    int p = std::min(15, static_cast<int>(std::log10(table->writes_per_second) * 5));
    points += p;
    risk.factors.push_back(fmt::format("busy table: {:.0f} writes/s queue behind the lock: +{}",
                                       table->writes_per_second, p));
  }
  if (work >= 60 && blocking < 0.1) {
    points += 5;
    risk.factors.push_back("long-running (" + Seconds(work) + ") but not blocking writes: +5");
  }
  if (step.reversibility == Reversibility::kLossy) {
    points += 5;
    risk.factors.push_back("rollback is lossy: +5");
  } else if (step.reversibility == Reversibility::kIrreversible) {
    points += 10;
    risk.factors.push_back("cannot be rolled back: +10");
  }
  risk.score = std::clamp(points, 0, 100);
  risk.estimated_seconds = work;
  risk.blocking_seconds = blocking;
  step.risk = std::move(risk);
}

}  // namespace keel::planner
