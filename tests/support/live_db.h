// Live-test support: a fresh database per test on the throwaway server of the CTest fixture.
#pragma once

#include <string>

namespace keel::testing {

/// The conninfo of the fixture's server (reads KEEL_PG_STATE/env written by scripts/pg_tmp.sh).
/// Skips the current test with a clear message when no server is running.
std::string ServerConninfo();

/// Creates a uniquely named empty database and drops it on destruction.
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
