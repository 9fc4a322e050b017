#include "tests/support/mysql_db.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "parser/mysql/splitter.h"

namespace keel::testing {

std::string MySqlServerUrl() {
  if (const char* env = std::getenv("KEEL_MYSQL_URL"); env != nullptr && *env != '\0') {
    std::string url = env;
    // Only the server part: the tests choose their databases.
    size_t slash = url.find('/', url.find("://") + 3);
    return slash == std::string::npos ? url + "/" : url.substr(0, slash + 1);
  }
  std::ifstream in(KEEL_MYSQL_STATE "/url");
  std::string url;
  if (!(in >> url)) return "";
  return url;
}

void RunMySqlScript(introspect::mysql::Connection& conn, const std::string& script) {
  // Split on the blanked text (where the statements end), send the original text: the server
  // runs the version comments itself.
  std::string blanked = parser::mysql::BlankVersionComments(script);
  for (const auto& stmt : parser::mysql::SplitStatements(blanked)) {
    try {
      conn.Execute(script.substr(stmt.offset, stmt.text.size()));
    } catch (const introspect::mysql::SqlError& e) {
      size_t line = 1;
      for (size_t i = 0; i < stmt.offset; ++i) line += script[i] == '\n';
      throw introspect::mysql::SqlError(e.code, e.sqlstate,
                                        "line " + std::to_string(line) + ": " + e.message);
    }
  }
}

ScratchMySqlDatabase::ScratchMySqlDatabase(const std::string& prefix) {
  std::string server = MySqlServerUrl();
  if (server.empty()) {
    throw std::runtime_error("no throwaway MariaDB: run through ctest (fixture mysql_start)");
  }
  static std::atomic<int> counter{0};
  name_ = prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  url_ = server + name_;
  introspect::mysql::Connection admin(server);
  admin.Execute("DROP DATABASE IF EXISTS `" + name_ + "`");
  admin.Execute("CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
}

ScratchMySqlDatabase::~ScratchMySqlDatabase() {
  try {
    introspect::mysql::Connection admin(MySqlServerUrl());
    admin.Execute("DROP DATABASE IF EXISTS `" + name_ + "`");
  } catch (const std::exception& e) {
    // A destructor must not throw; a leftover database dies with the throwaway server.
    std::fprintf(stderr, "warning: could not drop %s: %s\n", name_.c_str(), e.what());
  }
}

}  // namespace keel::testing
