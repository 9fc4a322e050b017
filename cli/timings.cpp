#include "cli/timings.h"

#include <fmt/format.h>

#include <algorithm>

namespace keel::cli {

Timings::Clock::time_point Timings::Stage(const std::string& name, const std::string& detail) {
  return Stage(name, last_, detail);
}

Timings::Clock::time_point Timings::Stage(const std::string& name, Clock::time_point since,
                                          const std::string& detail) {
  auto now = Clock::now();
  entries_.push_back(
      {name, std::chrono::duration<double, std::milli>(now - since).count(), detail});
  last_ = now;
  return now;
}

void Timings::Merge(const Timings& other) {
  entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
  last_ = std::max(last_, other.last_);
}

void Timings::Print(std::ostream& err) const {
  for (const auto& e : entries_)
    err << fmt::format("keel: stage {} {:.1f} ms{}\n", e.name, e.ms,
                       e.detail.empty() ? "" : ": " + e.detail);
  err << fmt::format("keel: stage total {:.1f} ms\n",
                     std::chrono::duration<double, std::milli>(Clock::now() - start_).count());
}

}  // namespace keel::cli
