// Where a command's time goes, stage by stage, for --verbose and bench/run.sh.
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace keel::cli {

class Timings {
 public:
  using Clock = std::chrono::steady_clock;

  /// Ends the stage begun at `since` (default: where the previous one ended) and returns now.
  Clock::time_point Stage(const std::string& name, const std::string& detail = "");
  Clock::time_point Stage(const std::string& name, Clock::time_point since,
                          const std::string& detail);
  /// Takes `other`'s stages (timed in parallel with these); later stages start from now.
  void Merge(const Timings& other);
  /// "keel: stage NAME MS ms[: DETAIL]" per stage, then the total since construction.
  void Print(std::ostream& err) const;

 private:
  struct Entry {
    std::string name;
    double ms;
    std::string detail;
  };
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
  std::vector<Entry> entries_;
};

}  // namespace keel::cli
