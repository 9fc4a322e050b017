// Live-test support: a fresh database per test on the throwaway server of the CTest fixture.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <functional>
#include <string>

/// Skips the current test when the fixture's throwaway server is not running (e.g. the test
/// binary was started by hand instead of through ctest).
#define KEEL_REQUIRE_SERVER()                                                          \
  do {                                                                                 \
    if (::keel::testing::ServerConninfo().empty()) {                                   \
      GTEST_SKIP() << "no throwaway PostgreSQL: run through ctest (fixture pg_start)"; \
    }                                                                                  \
  } while (0)

namespace keel::testing {

/// What a command run by a test printed and returned.
struct CommandResult {
  int code = -1;
  std::string out;
  std::string err;
};

/// The whole file, or empty when it cannot be read.
std::string ReadFile(const std::string& path);

/// Runs a shell command with stdin from /dev/null and its stdout and stderr captured apart,
/// through two files in the existing directory `scratch`.
CommandResult RunShell(const std::string& command, const std::string& scratch);

/// Starts a shell command in the background, stdin from /dev/null and stdout/stderr into the
/// files `out` and `err`; returns its pid (the command's own when it starts with `exec`).
pid_t RunInBackground(const std::string& command, const std::string& out, const std::string& err);
/// Waits for a child; its exit status, or -1 when a signal ended it.
int WaitFor(pid_t pid);
/// Polls `ready` every 10 ms until it holds (true) or `seconds` pass (false).
bool Until(const std::function<bool()>& ready, double seconds = 30);

/// The conninfo of the fixture's server (reads KEEL_PG_STATE/env written by scripts/pg_tmp.sh).
/// Empty when no server is running; tests call KEEL_REQUIRE_SERVER() first.
std::string ServerConninfo();

/// Creates a uniquely named empty database and drops it (WITH (FORCE)) on destruction. Throws
/// std::runtime_error when there is no server.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& prefix = "keel_test");
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  /// conninfo string for this database ("host=… port=… user=postgres dbname=…").
  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  /// Runs SQL (may hold many statements) through psql -v ON_ERROR_STOP=1; returns psql's
  /// exit status and fills `output` with stdout+stderr.
  int RunSql(const std::string& sql, std::string* output = nullptr) const;
  int RunFile(const std::string& path, std::string* output = nullptr) const;

 private:
  std::string name_;
  std::string conninfo_;
};

}  // namespace keel::testing
