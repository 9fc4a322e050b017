// A schema loaded into MariaDB and introspected is the catalog ParseMySqlFiles makes of the
// same files: the diff is empty both ways (issue 8, "Done when" 1 for the realworld dumps).
#include "introspect/mysql/introspect.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "diff/differ.h"
#include "model/normalize.h"
#include "parser/mysql/parser.h"
#include "parser/mysql/splitter.h"
#include "tests/support/mysql_db.h"

namespace keel::introspect::mysql {
namespace {

namespace fs = std::filesystem;

const fs::path kRealWorld = fs::path(KEEL_SOURCE_DIR) / ".." / "shared" / "realworld" / "mysql";

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Changes(const model::Catalog& from, const model::Catalog& to) {
  std::string out;
  for (const auto& change : diff::Diff(from, to)) out += "  " + diff::Describe(change) + "\n";
  return out;
}

// The file's catalog, with the database's defaults for what the file leaves out.
model::Catalog Parse(const std::string& name, const std::string& text, Connection& conn) {
  DatabaseDefaults defaults = ReadDatabaseDefaults(conn);
  parser::mysql::ParseOptions options;
  options.server =
      conn.IsMariaDb() ? parser::mysql::Server::kMariaDb : parser::mysql::Server::kMySql8;
  options.default_charset = defaults.charset;
  options.default_collation = defaults.collation;
  options.default_engine = defaults.engine;
  auto result = parser::mysql::ParseMySqlFiles({parser::SourceFile{name, text}}, options);
  std::string errors;
  for (const auto& d : result.errors) errors += d.Render() + "\n";
  EXPECT_TRUE(result.ok()) << errors;
  return result.catalog;
}

// Loads `text` into `db`, introspects it and compares both ways with the parsed file.
void ExpectSameCatalog(const std::string& name, const std::string& text,
                       const testing::ScratchMySqlDatabase& db, int max_queries) {
  Connection conn = db.Connect();
  // A dump may create and USE a database of its own (sakila does): that one is compared, and
  // dropped at the end.
  struct DropDatabase {
    Connection& conn;
    std::string name;
    ~DropDatabase() {
      if (!name.empty()) conn.Execute("DROP DATABASE IF EXISTS `" + name + "`");
    }
  } own{conn, ""};
  try {
    testing::RunMySqlScript(conn, text);
  } catch (...) {
    if (conn.Database() != db.name()) own.name = conn.Database();
    throw;
  }
  if (conn.Database() != db.name()) own.name = conn.Database();
  IntrospectStats stats;
  model::Catalog live = Introspect(conn, &stats);
  model::Catalog file = Parse(name, text, conn);
  EXPECT_EQ(live.dialect, model::Dialect::kMySql);
  EXPECT_EQ(live.tables.size(), file.tables.size());
  EXPECT_EQ(live.indexes.size(), file.indexes.size());
  EXPECT_EQ(live.views.size(), file.views.size());
  EXPECT_EQ(live.triggers.size(), file.triggers.size());
  EXPECT_EQ(live.functions.size(), file.functions.size());
  EXPECT_EQ(Changes(live, file), "") << "live -> " << name;
  EXPECT_EQ(Changes(file, live), "") << name << " -> live";
  // And after the Normalize() pass the CLI runs on both sides.
  model::Catalog live_normalized = live, file_normalized = file;
  model::Normalize(live_normalized);
  model::Normalize(file_normalized);
  EXPECT_EQ(Changes(live_normalized, file_normalized), "") << "normalized, live -> " << name;
  // What the diff only names: the two keys of a view whose queries differ.
  for (const auto& [view_name, view] : file.views) {
    auto it = live.views.find(view_name);
    // Not compared by the diff, but the planner orders by them.
    if (it != live.views.end()) {
      EXPECT_EQ(it->second.relations, view.relations) << view_name.Display();
    }
    if (it != live.views.end() && it->second.query != view.query) {
      ADD_FAILURE() << "view " << view_name.Display() << "\n  live key: " << it->second.query.key
                    << "\n  file key: " << view.query.key;
    }
  }
  EXPECT_LE(stats.queries, max_queries);
  std::cout << name << ": " << live.tables.size() << " tables, " << live.indexes.size()
            << " indexes, " << live.views.size() << " views, " << live.triggers.size()
            << " triggers, " << live.functions.size() << " routines introspected in "
            << stats.queries << " queries\n";
}

TEST(MySqlIntrospect, EveryFeatureTheParserKnows) {
  KEEL_REQUIRE_MYSQL();
  testing::ScratchMySqlDatabase db;
  std::string path = std::string(KEEL_SOURCE_DIR) + "/tests/mysql/introspect_features.sql";
  std::string text = ReadTextFile(path);
  ASSERT_FALSE(text.empty()) << path;
  ExpectSameCatalog("introspect_features.sql", text, db, 12);
}

TEST(MySqlIntrospect, StatisticsForTheRiskModel) {
  KEEL_REQUIRE_MYSQL();
  testing::ScratchMySqlDatabase db;
  Connection conn = db.Connect();
  conn.ExecuteScript(
      "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3); ANALYZE TABLE t");
  model::Catalog live = Introspect(conn);
  const model::Table& t = live.tables.at({"", "t"});
  EXPECT_EQ(t.est_rows, 3);
  EXPECT_GT(t.total_bytes, 0);
}

TEST(MySqlIntrospect, NoDatabaseSelected) {
  KEEL_REQUIRE_MYSQL();
  Connection conn(testing::MySqlServerUrl());
  EXPECT_THROW(Introspect(conn), std::runtime_error);
}

void RealWorld(const std::string& file) {
  fs::path path = kRealWorld / file;
  if (!fs::exists(path)) {
    GTEST_SKIP() << path.string() << " is absent: the shared test data lives beside the repository";
  }
  testing::ScratchMySqlDatabase db("keel_rw");
  ExpectSameCatalog(file, ReadTextFile(path.string()), db, 12);
}

TEST(MySqlIntrospectRealWorld, Sakila) {
  KEEL_REQUIRE_MYSQL();
  RealWorld("sakila.sql");
}

TEST(MySqlIntrospectRealWorld, Sharetribe) {
  KEEL_REQUIRE_MYSQL();
  RealWorld("sharetribe.sql");
}

}  // namespace
}  // namespace keel::introspect::mysql
