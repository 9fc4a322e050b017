// Runs a rapidcheck property inside a GoogleTest test with a minimum number of cases, so CI
// gets that many without RC_PARAMS (an explicit max_success in RC_PARAMS still wins).
// Without a seed in RC_PARAMS the seed is fixed, so CI runs the same cases at every commit;
// RC_PARAMS="seed=N" ctest -L property explores others.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace keel::proptest {

inline constexpr std::uint64_t kFixedSeed = 20261207;

template <typename Testable>
void CheckProperty(Testable&& testable, int min_success) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  rc::detail::TestMetadata metadata;
  metadata.id = std::string(info->test_suite_name()) + "/" + info->name();
  metadata.description = info->name();
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  const char* env = std::getenv("RC_PARAMS");
  if (env == nullptr || std::string(env).find("max_success") == std::string::npos)
    params.maxSuccess = min_success;
  if (env == nullptr || std::string(env).find("seed") == std::string::npos)
    params.seed = kFixedSeed;
  // rapidcheck's own banner names the seed it drew at start-up, not this one.
  std::cout << "property seed: " << params.seed << std::endl;
  const auto result = rc::detail::checkProperty(
      rc::detail::toProperty(std::forward<Testable>(testable)), metadata, params);
  std::ostringstream message;
  rc::detail::printResultMessage(result, message);
  if (result.template is<rc::detail::SuccessResult>()) {
    std::cout << message.str() << std::endl;
  } else {
    FAIL() << message.str();
  }
}

}  // namespace keel::proptest
