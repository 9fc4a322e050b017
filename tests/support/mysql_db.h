// Live-test support for MySQL/MariaDB: a fresh database per test on the throwaway mariadbd of
// the CTest fixture `mysql` (scripts/mysql_tmp.sh writes its URL to KEEL_MYSQL_STATE/url), or
// on the server $KEEL_MYSQL_URL names when set (e.g. a MySQL 8 started by hand).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "introspect/mysql/connection.h"

/// Skips the current test when there is no server (the binary was run outside ctest).
#define KEEL_REQUIRE_MYSQL()                                                           \
  do {                                                                                 \
    if (::keel::testing::MySqlServerUrl().empty()) {                                   \
      GTEST_SKIP() << "no throwaway MariaDB: run through ctest (fixture mysql_start) " \
                      "or set KEEL_MYSQL_URL";                                         \
    }                                                                                  \
  } while (0)

namespace keel::testing {

/// mysql://root@127.0.0.1:PORT/ of the server, without a database; empty when none runs.
std::string MySqlServerUrl();

/// Runs a script the way the mysql client does: DELIMITER commands and `/*!NNNNN */` version
/// comments are understood, each statement sent on its own. Throws SqlError naming the
/// statement's line.
void RunMySqlScript(introspect::mysql::Connection& conn, const std::string& script);

/// Creates a uniquely named empty database (utf8mb4) and drops it on destruction. Throws
/// std::runtime_error when there is no server.
class ScratchMySqlDatabase {
 public:
  explicit ScratchMySqlDatabase(const std::string& prefix = "keel_test");
  ~ScratchMySqlDatabase();
  ScratchMySqlDatabase(const ScratchMySqlDatabase&) = delete;
  ScratchMySqlDatabase& operator=(const ScratchMySqlDatabase&) = delete;
  const std::string& name() const { return name_; }
  /// The server's URL with this database selected.
  const std::string& url() const { return url_; }
  introspect::mysql::Connection Connect() const { return introspect::mysql::Connection(url_); }

 private:
  std::string name_;
  std::string url_;
};

}  // namespace keel::testing
