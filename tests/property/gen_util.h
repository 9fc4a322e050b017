// Choices for the property-test generators: uniform over the whole run, shrinking towards the
// first choice (and towards "no" for optional features).
#pragma once

#include <rapidcheck.h>

#include <optional>
#include <string>
#include <vector>

namespace keel::proptest {

/// rapidcheck scales inRange with the test size (small early in a run); choices here should be
/// uniform all along, so they run at full size. They still shrink towards `low`.
template <class T>
T Uniform(T low, T high) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<T>(low, high));
}

template <class T>
const T& Pick(const std::vector<T>& items) {
  return items.at(Uniform<size_t>(0, items.size()));
}

/// Shrinks towards false: a smaller counterexample has fewer optional features.
inline bool Chance(int percent) { return Uniform(0, 100) >= 100 - percent; }

inline const std::vector<std::string>& Comments() {
  static const std::vector<std::string> comments = {"note", "it's", "ünïcode ✓", "two\nlines", ""};
  return comments;
}

inline std::optional<std::string> MaybeComment(int percent) {
  if (!Chance(percent)) return std::nullopt;
  return Pick(Comments());
}

inline void FlipComment(std::optional<std::string>& comment) {
  comment = comment ? std::nullopt : std::optional<std::string>(Pick(Comments()));
}

}  // namespace keel::proptest
