// sqldef's MySQL schemas (../shared/conformance/sqldef-mysql/*/desired.sql and current.sql):
// each one MariaDB accepts, loaded and introspected, is the catalog ParseMySqlFiles makes of it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "diff/differ.h"
#include "introspect/mysql/introspect.h"
#include "parser/mysql/parser.h"
#include "tests/support/mysql_db.h"

namespace keel::introspect::mysql {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(MySqlIntrospectSqldef, SchemasMariaDbAcceptsRoundTrip) {
  KEEL_REQUIRE_MYSQL();
  fs::path dir = fs::path(KEEL_SOURCE_DIR) / ".." / "shared" / "conformance" / "sqldef-mysql";
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir.string() << " is absent";
  std::vector<fs::path> files;
  for (const auto& c : fs::directory_iterator(dir)) {
    for (const char* f : {"current.sql", "desired.sql"}) {
      fs::path p = c.path() / f;
      if (fs::exists(p) && fs::file_size(p) > 0) files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  size_t loaded = 0, same = 0;
  Connection admin(testing::MySqlServerUrl());
  std::string failures;
  for (const auto& p : files) {
    std::string name = p.parent_path().filename().string() + "/" + p.filename().string();
    std::string text = Read(p);
    // sqldef runs its cases in a database named mysqldef_test, and some name it.
    admin.Execute("DROP DATABASE IF EXISTS mysqldef_test");
    admin.Execute("CREATE DATABASE mysqldef_test");
    Connection conn(testing::MySqlServerUrl() + "mysqldef_test");
    try {
      testing::RunMySqlScript(conn, text);
    } catch (const SqlError& e) {
      if (getenv("KEEL_SHOW_REJECTED")) std::cout << name << ": " << e.message << "\n";
      continue;  // written for MySQL 8 or TiDB
    }
    if (conn.Database() != "mysqldef_test") continue;
    DatabaseDefaults defaults = ReadDatabaseDefaults(conn);
    parser::mysql::ParseOptions options;
    options.default_charset = defaults.charset;
    options.default_collation = defaults.collation;
    options.default_engine = defaults.engine;
    // As if the file began with USE mysqldef_test: names qualified with it are local.
    auto parsed = parser::mysql::ParseMySqlFiles(
        {parser::SourceFile{name, "USE mysqldef_test;\n" + text}}, options);
    if (!parsed.ok()) {
      failures += name + ": loads but does not parse: " + parsed.errors.front().Render() + "\n";
      continue;
    }
    ++loaded;
    model::Catalog live = Introspect(conn);
    std::string changes;
    for (const auto& c : diff::Diff(live, parsed.catalog))
      changes += "  " + diff::Describe(c) + "\n";
    if (changes.empty()) {
      ++same;
    } else {
      failures += name + ":\n" + changes;
    }
  }
  admin.Execute("DROP DATABASE IF EXISTS mysqldef_test");
  std::cout << "sqldef-mysql: " << same << " of " << loaded
            << " schemas MariaDB loads introspect to their parsed catalog\n";
  if (getenv("KEEL_SHOW_FAILURES")) std::cout << failures;
  // Measured 480 of 481: a generated column's redundant parentheses, which the server drops
  // and ExprKey keeps ((a / a) * 2 against a / a * 2).
  EXPECT_GE(same * 100, loaded * 99) << failures;
}

}  // namespace
}  // namespace keel::introspect::mysql
