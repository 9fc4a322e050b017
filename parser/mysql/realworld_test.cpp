// Real schema dumps and sqldef's MySQL cases, from ../shared beside the repository.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "parser/mysql/parser.h"

namespace keel::parser::mysql {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = fs::path(KEEL_SOURCE_DIR) / ".." / "shared";

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ParseResult ParseDump(const std::string& name) {
  fs::path p = kShared / "realworld" / "mysql" / name;
  return ParseMySqlFiles({SourceFile{p.filename().string(), Read(p)}});
}

std::string Errors(const ParseResult& r) {
  std::string out;
  for (const auto& d : r.errors) out += d.Render() + "\n";
  return out;
}

#define SKIP_WITHOUT(dir)                              \
  if (!fs::is_directory(dir))                          \
  GTEST_SKIP() << (dir).string() << " is absent: the " \
               << "shared test data lives beside the repository"

TEST(MySqlRealWorld, Sakila) {
  SKIP_WITHOUT(kShared / "realworld" / "mysql");
  auto r = ParseDump("sakila.sql");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& cat = r.catalog;
  EXPECT_EQ(cat.tables.size(), 16u);
  EXPECT_EQ(cat.views.size(), 7u);
  EXPECT_EQ(cat.triggers.size(), 3u);
  EXPECT_EQ(cat.functions.size(), 6u);
  const auto& film = cat.tables.at({"", "film"});
  EXPECT_EQ(film.FindColumn("film_id")->type, "int unsigned");
  EXPECT_EQ(film.FindColumn("rating")->type, "enum('G','PG','PG-13','R','NC-17')");
  EXPECT_EQ(film.FindColumn("rating")->charset, "utf8mb3");
  EXPECT_EQ(film.FindColumn("rental_rate")->default_expr.sql, "'4.99'");
  EXPECT_EQ(film.FindColumn("last_update")->on_update.key, "current_timestamp()");
  EXPECT_EQ(cat.tables.at({"", "customer"}).FindColumn("active")->type, "tinyint(1)");
  const auto* fk = cat.tables.at({"", "address"}).FindConstraint("fk_address_city");
  ASSERT_NE(fk, nullptr);
  EXPECT_EQ(fk->ref_table, (model::QualifiedName{"", "city"}));
  EXPECT_EQ(fk->on_delete, 'r');
  EXPECT_EQ(fk->on_update, 'c');
  EXPECT_EQ(cat.indexes.at(IndexKey({"", "film_text"}, "idx_title_description")).method,
            "fulltext");
  // payment.rental_id has an index of its own in the file; rental's FKs all have one.
  const auto& actor_info = cat.views.at({"", "actor_info"});
  EXPECT_EQ(actor_info.options.at("sql_security"), "invoker");
  EXPECT_FALSE(actor_info.relations.empty());
  EXPECT_EQ(cat.triggers.at({{"", "film"}, "upd_film"}).events,
            (std::vector<std::string>{"UPDATE"}));
}

// One line per object with what the file and the server's dump must agree on (bodies of
// views and routines excepted: the server rewrites them).
std::vector<std::string> Describe(const model::Catalog& cat) {
  std::vector<std::string> out;
  for (const auto& [name, t] : cat.tables) {
    out.push_back("table " + name.Display() + " " + t.engine + " " + t.charset + " " + t.collation +
                  " " + t.comment.value_or("-"));
    for (const auto& c : t.columns) {
      out.push_back("  " + c.name + " " + c.type + (c.not_null ? " not null" : "") + " default " +
                    c.default_expr.key + " " + c.charset + " " + c.collation +
                    (c.auto_increment ? " auto_increment" : "") + " on update " + c.on_update.key +
                    " as " + c.generated.key + " " + c.comment.value_or("-"));
    }
    for (const auto& c : t.constraints) {
      std::string cols;
      for (const auto& x : c.columns) cols += x + ",";
      for (const auto& x : c.ref_columns) cols += x + ",";
      out.push_back("  constraint " + c.name + " " + cols + c.ref_table.Display() + " " +
                    c.on_delete + c.on_update + " " + c.check_expr.key);
    }
  }
  for (const auto& [key, idx] : cat.indexes) {
    std::string keys;
    for (const auto& k : idx.keys) {
      keys += k.expr.key + "/" + std::to_string(k.prefix_length) + (k.desc ? " desc," : ",");
    }
    out.push_back("index " + key.Display() + (idx.unique ? " unique " : " ") + idx.method + " " +
                  keys);
  }
  for (const auto& [name, v] : cat.views) {
    std::string rels;
    for (const auto& r : v.relations) rels += r.Display() + ",";
    out.push_back("view " + name.Display() + " " + rels);
  }
  for (const auto& [key, t] : cat.triggers) {
    out.push_back("trigger " + key.first.Display() + "." + key.second + " " + t.timing + " " +
                  t.events.at(0));
  }
  for (const auto& [key, f] : cat.functions) {
    out.push_back("routine " + key.first.Display() + "(" + key.second + ") " + f.returns);
  }
  return out;
}

// tests/mysql/sakila.mariadb-dump.sql is what MariaDB 10.11 dumps after loading sakila.sql:
// the canonical form must make the two the same catalog.
TEST(MySqlRealWorld, SakilaAndItsMariaDbDumpAreTheSameCatalog) {
  SKIP_WITHOUT(kShared / "realworld" / "mysql");
  auto file = ParseDump("sakila.sql");
  fs::path dump = fs::path(KEEL_SOURCE_DIR) / "tests" / "mysql" / "sakila.mariadb-dump.sql";
  auto server = ParseMySqlFiles({SourceFile{"sakila.mariadb-dump.sql", Read(dump)}});
  ASSERT_TRUE(server.ok()) << Errors(server);
  EXPECT_TRUE(server.warnings.empty());
  EXPECT_EQ(server.catalog.views.size(), 7u);
  EXPECT_EQ(Describe(file.catalog), Describe(server.catalog));
}

TEST(MySqlRealWorld, Sharetribe) {
  SKIP_WITHOUT(kShared / "realworld" / "mysql");
  auto r = ParseDump("sharetribe.sql");
  ASSERT_TRUE(r.ok()) << Errors(r);
  EXPECT_EQ(r.catalog.tables.size(), 76u);
  ASSERT_EQ(r.warnings.size(), 1u);  // the INSERT INTO schema_migrations
  const auto& sessions = r.catalog.tables.at({"", "active_sessions"});
  EXPECT_EQ(sessions.FindColumn("id")->type, "binary(16)");
  EXPECT_EQ(sessions.FindColumn("person_id")->collation, "utf8mb3_unicode_ci");
  EXPECT_EQ(sessions.FindColumn("community_id")->type, "int");
  const auto& blobs = r.catalog.tables.at({"", "active_storage_attachments"});
  EXPECT_EQ(blobs.auto_increment, 16);
  EXPECT_EQ(blobs.FindConstraint("fk_rails_c3b3935057")->ref_table.name, "active_storage_blobs");
  EXPECT_TRUE(r.catalog.indexes
                  .at(IndexKey({"", "active_storage_attachments"},
                               "index_active_storage_attachments_uniqueness"))
                  .unique);
}

// Every current.sql and desired.sql of the sqldef MySQL cases that is not empty.
TEST(MySqlConformance, SqldefSchemasParse) {
  fs::path dir = kShared / "conformance" / "sqldef-mysql";
  SKIP_WITHOUT(dir);
  std::vector<fs::path> files;
  for (const auto& c : fs::directory_iterator(dir)) {
    for (const char* f : {"current.sql", "desired.sql"}) {
      fs::path p = c.path() / f;
      if (fs::exists(p) && fs::file_size(p) > 0) files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  size_t ok = 0;
  std::string failures;
  for (const auto& p : files) {
    auto r = ParseMySqlFiles(
        {SourceFile{p.parent_path().filename().string() + "/" + p.filename().string(), Read(p)}});
    if (r.ok()) {
      ++ok;
    } else {
      failures += r.errors.front().Render() + "\n";
    }
  }
  double rate =
      files.empty() ? 0 : 100.0 * static_cast<double>(ok) / static_cast<double>(files.size());
  std::cout << "sqldef-mysql: " << ok << " of " << files.size() << " schema files parse (" << rate
            << "%)\n";
  if (getenv("KEEL_SHOW_FAILURES")) std::cout << failures;
  // Measured 521 of 529: the rest use TiDB's AUTO_RANDOM, which MySQL and MariaDB lack.
  EXPECT_GE(rate, 98.0) << failures;
}

}  // namespace
}  // namespace keel::parser::mysql
