#include "emit/describe.h"

#include <fmt/format.h>

#include <cmath>

namespace keel::emit {

char Sign(const std::string& description) {
  if (description.rfind("create", 0) == 0 || description.rfind("add", 0) == 0) return '+';
  if (description.rfind("drop", 0) == 0) return '-';
  return '~';
}

std::string LockName(planner::LockLevel lock, model::Dialect dialect) {
  if (dialect == model::Dialect::kMySql) {
    switch (lock) {
      case planner::LockLevel::kAccessShare:
        return "brief metadata lock";
      case planner::LockLevel::kShareUpdateExclusive:
        return "LOCK=NONE";
      case planner::LockLevel::kShare:
      case planner::LockLevel::kShareRowExclusive:
        return "LOCK=SHARED";
      case planner::LockLevel::kAccessExclusive:
        return "exclusive metadata lock";
      default:
        break;
    }
  }
  return planner::LockName(lock);
}

std::string LockText(const planner::Step& step, model::Dialect dialect) {
  if (step.lock == planner::LockLevel::kNone) return "none";
  return LockName(step.lock, dialect) + (step.lock_table.empty() ? "" : " on " + step.lock_table);
}

std::string HumanDuration(double seconds) {
  if (seconds < 1) return fmt::format("{} ms", static_cast<long>(std::lround(seconds * 1000)));
  long s = std::lround(seconds);
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600)
    return s % 60 ? fmt::format("{} min {} s", s / 60, s % 60) : fmt::format("{} min", s / 60);
  long m = (s + 30) / 60;
  return m % 60 ? fmt::format("{} h {} min", m / 60, m % 60) : fmt::format("{} h", m / 60);
}

std::string RiskLevel(int score) {
  if (score <= 0) return "none";
  if (score < 25) return "low";
  if (score < 50) return "medium";
  if (score < 75) return "high";
  return "critical";
}

}  // namespace keel::emit
