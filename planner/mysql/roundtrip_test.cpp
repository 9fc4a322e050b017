// MySQL plans parse back: a dump gives the catalog it came from, and the current schema's dump
// followed by a plan's statements gives the desired catalog (and then the rollback the current).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "diff/differ.h"
#include "parser/mysql/parser.h"
#include "planner/dump.h"
#include "planner/planner.h"

namespace keel::planner::mysql {
namespace {

model::Catalog Parse(const std::string& sql, std::string* errors) {
  auto r = parser::mysql::ParseMySqlFiles({{"schema.sql", sql}});
  for (const auto& d : r.errors) *errors += d.Render() + "\n";
  return r.catalog;
}

std::string Changes(const model::Catalog& a, const model::Catalog& b) {
  std::string out;
  for (const auto& c : diff::Diff(a, b)) out += diff::Describe(c) + "\n";
  return out;
}

std::string Script(const std::vector<std::string>& statements) {
  std::string out;
  for (const auto& s : statements) out += s + ";\n";
  return out;
}

const char* const kBroad = R"sql(
CREATE TABLE users (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  email varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name varchar(100) NOT NULL DEFAULT '' COMMENT 'it''s shown',
  bio text,
  score decimal(5,2) DEFAULT 0,
  flags set('a','b','c') DEFAULT 'a',
  active tinyint(1) NOT NULL DEFAULT 1,
  created_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
  kind enum('a','b') NOT NULL DEFAULT 'a',
  slug varchar(120) AS (lower(name)) VIRTUAL,
  total int GENERATED ALWAYS AS (active * 2) STORED,
  data json,
  PRIMARY KEY (id),
  UNIQUE KEY email_uq (email),
  KEY name_idx (name(20), created_at DESC),
  KEY hashed USING HASH (kind) COMMENT 'k',
  FULLTEXT KEY bio_ft (bio),
  CONSTRAINT score_chk CHECK (score >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC COMMENT='people';
CREATE TABLE teams (id int NOT NULL PRIMARY KEY, owner bigint unsigned) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE posts (
  id int NOT NULL PRIMARY KEY,
  user_id bigint unsigned,
  parent_id int,
  title varchar(200) NOT NULL,
  CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT posts_parent FOREIGN KEY (parent_id) REFERENCES posts (id)
);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active = 1;
CREATE TRIGGER posts_bi BEFORE INSERT ON posts FOR EACH ROW SET NEW.title = trim(NEW.title);
CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
CREATE PROCEDURE touch(IN p_id int) BEGIN UPDATE posts SET title = title WHERE id = p_id; END;
)sql";

TEST(MySqlDump, RoundTripsABroadSchema) {
  std::string errors;
  model::Catalog original = Parse(kBroad, &errors);
  ASSERT_EQ(errors, "");
  auto plan = CreationPlan(original);
  ASSERT_EQ(plan.error, "");
  EXPECT_EQ(plan.plan.dialect, model::Dialect::kMySql);
  std::string dump = StatementsSql(plan.plan);
  model::Catalog again = Parse(dump, &errors);
  ASSERT_EQ(errors, "") << dump;
  EXPECT_EQ(Changes(original, again), "") << dump;
  EXPECT_EQ(Changes(again, original), "") << dump;
}

TEST(MySqlPlan, RoutineCommentParsesBack) {
  std::string errors;
  model::Catalog from =
      Parse("CREATE FUNCTION f(x int) RETURNS int COMMENT 'a' RETURN x;", &errors);
  model::Catalog to = Parse("CREATE FUNCTION f(x int) RETURNS int COMMENT 'b' RETURN x;", &errors);
  ASSERT_EQ(errors, "");
  auto plan = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(plan.plan.steps.size(), 1u);
  EXPECT_EQ(plan.plan.steps[0].sql.front(), "ALTER FUNCTION `f` COMMENT 'b'");
  EXPECT_EQ(plan.plan.steps[0].rollback_sql.front(), "ALTER FUNCTION `f` COMMENT 'a'");
  model::Catalog reached =
      Parse(StatementsSql(CreationPlan(from).plan) + plan.plan.steps[0].sql.front() + ";", &errors);
  ASSERT_EQ(errors, "");
  EXPECT_EQ(Changes(reached, to), "");
}

// A small random MySQL schema: a few tables with a random subset of columns, keys, checks and
// foreign keys, options and comments.
std::string RandomSchema(std::mt19937& rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  auto maybe = [&](const std::string& s) { return pick(2) ? s : std::string(); };
  std::string out;
  for (int t = 0; t < 3; ++t) {
    if (t > 0 && !pick(3)) continue;
    std::string name = "t" + std::to_string(t);
    std::vector<std::string> parts = {"id int NOT NULL"};
    std::vector<std::string> cols;
    if (pick(2)) {
      parts.push_back(std::string("a ") + (pick(2) ? "int" : "bigint") + maybe(" NOT NULL") +
                      (pick(2) ? " DEFAULT " + std::to_string(pick(3)) : "") +
                      maybe(" COMMENT 'a" + std::to_string(pick(2)) + "'"));
      cols.push_back("a");
    }
    if (pick(2)) {
      parts.push_back("b varchar(" + std::string(pick(2) ? "20" : "40") + ")" +
                      maybe(" CHARACTER SET latin1") + maybe(" NOT NULL") + maybe(" DEFAULT 'x'"));
      cols.push_back("b");
    }
    if (pick(2)) parts.push_back(std::string("c enum('x','y'") + (pick(2) ? ",'z'" : "") + ")");
    if (pick(2)) parts.push_back("d datetime" + maybe(" DEFAULT CURRENT_TIMESTAMP"));
    if (pick(3) == 0) parts.push_back("e text");
    if (pick(3) == 0) parts.push_back("j json" + maybe(" NOT NULL") + maybe(" COMMENT 'j'"));
    parts.push_back(pick(4) ? "PRIMARY KEY (id)" : "UNIQUE KEY id_uq (id)");
    for (const auto& c : cols) {
      int k = pick(4);
      if (k == 1) parts.push_back("KEY " + c + "_idx (" + c + ")");
      if (k == 2) parts.push_back("UNIQUE KEY " + c + "_uq (" + c + (c == "b" ? "(10)" : "") + ")");
      if (k == 3) parts.push_back("KEY " + c + "_id (" + c + ", id DESC)");
    }
    if (!cols.empty() && cols[0] == "a" && pick(3) == 0)
      parts.push_back("CONSTRAINT " + name + "_chk CHECK (a >= " + std::to_string(pick(2)) + ")");
    if (t > 0 && !cols.empty() && cols[0] == "a" && pick(2))
      parts.push_back("CONSTRAINT " + name + "_fk FOREIGN KEY (a) REFERENCES t0 (id)" +
                      maybe(" ON DELETE CASCADE"));
    out += "CREATE TABLE " + name + " (";
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
    // Engine and character set are always named: a file naming none means the server's.
    out += std::string(")") + (pick(2) ? " ENGINE=MyISAM" : " ENGINE=InnoDB") +
           (pick(2) ? " DEFAULT CHARSET=latin1" : " DEFAULT CHARSET=utf8mb4") +
           maybe(" COMMENT='" + std::to_string(pick(2)) + "'") + ";\n";
  }
  return out;
}

// Foreign keys need InnoDB on both sides; MyISAM drops them silently, so the generator's
// schemas keep them only where both tables are InnoDB.
bool Consistent(const model::Catalog& c) {
  for (const auto& [qn, t] : c.tables)
    for (const auto& con : t.constraints) {
      if (con.kind != model::ConstraintKind::kForeignKey) continue;
      auto ref = c.tables.find(con.ref_table);
      if (ref == c.tables.end() || t.engine == "MyISAM" || ref->second.engine == "MyISAM")
        return false;
    }
  return true;
}

RC_GTEST_PROP(MySqlPlan, StatementsParseBackToTheDesiredSchema, ()) {
  const auto seed = *rc::gen::arbitrary<uint32_t>();
  std::mt19937 rng(seed);
  std::string from_sql = RandomSchema(rng), to_sql = RandomSchema(rng);
  std::string errors;
  model::Catalog from = Parse(from_sql, &errors), to = Parse(to_sql, &errors);
  RC_PRE(errors.empty() && Consistent(from) && Consistent(to));
  auto plan = BuildPlan(diff::Diff(from, to), from, to);
  RC_ASSERT(plan.error.empty());
  std::string dump = StatementsSql(CreationPlan(from).plan);
  std::vector<std::string> forward, backward;
  for (const auto& s : plan.plan.steps) forward.insert(forward.end(), s.sql.begin(), s.sql.end());
  for (auto it = plan.plan.steps.rbegin(); it != plan.plan.steps.rend(); ++it)
    backward.insert(backward.end(), it->rollback_sql.begin(), it->rollback_sql.end());
  std::string applied = dump + Script(forward);
  model::Catalog reached = Parse(applied, &errors);
  RC_LOG() << "from:\n" << from_sql << "to:\n" << to_sql << "script:\n" << applied << errors;
  RC_ASSERT(errors.empty());
  RC_ASSERT(Changes(reached, to).empty());
  model::Catalog back = Parse(applied + Script(backward), &errors);
  RC_LOG() << "rollback:\n" << Script(backward) << errors;
  RC_ASSERT(errors.empty());
  RC_ASSERT(Changes(back, from).empty());
}

namespace fs = std::filesystem;

const fs::path kShared = fs::path(KEEL_SOURCE_DIR) / ".." / "shared";

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Statements(const Plan& plan, bool rollback) {
  std::vector<std::string> out;
  if (!rollback)
    for (const auto& s : plan.steps) out.insert(out.end(), s.sql.begin(), s.sql.end());
  for (auto it = plan.steps.rbegin(); rollback && it != plan.steps.rend(); ++it)
    out.insert(out.end(), it->rollback_sql.begin(), it->rollback_sql.end());
  return out;
}

TEST(MySqlDump, RoundTripsTheRealWorldDumps) {
  if (!fs::is_directory(kShared / "realworld" / "mysql")) GTEST_SKIP() << "no shared data";
  for (const char* name : {"sakila.sql", "sharetribe.sql"}) {
    std::string errors;
    model::Catalog original = Parse(Read(kShared / "realworld" / "mysql" / name), &errors);
    ASSERT_EQ(errors, "") << name;
    auto plan = CreationPlan(original);
    ASSERT_EQ(plan.error, "") << name;
    model::Catalog again = Parse(StatementsSql(plan.plan), &errors);
    ASSERT_EQ(errors, "") << name;
    EXPECT_EQ(Changes(original, again) + Changes(again, original), "") << name;
  }
}

// Every sqldef case keel parses: the current schema's dump and the plan give the desired
// schema, and the rollback the current one again.
TEST(MySqlPlan, SqldefCasesParseBack) {
  const fs::path dir = kShared / "conformance" / "sqldef-mysql";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no shared data";
  int converged = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    std::string errors;
    model::Catalog from = Parse(Read(entry.path() / "current.sql"), &errors);
    model::Catalog to = Parse(Read(entry.path() / "desired.sql"), &errors);
    if (!errors.empty()) continue;
    auto plan = BuildPlan(diff::Diff(from, to), from, to);
    ASSERT_EQ(plan.error, "") << name;
    std::string applied =
        StatementsSql(CreationPlan(from).plan) + Script(Statements(plan.plan, false));
    model::Catalog reached = Parse(applied, &errors);
    ASSERT_EQ(errors, "") << name << "\n" << applied;
    EXPECT_EQ(Changes(reached, to), "") << name << "\n" << applied;
    std::string undone = applied + Script(Statements(plan.plan, true));
    model::Catalog back = Parse(undone, &errors);
    ASSERT_EQ(errors, "") << name << "\n" << undone;
    EXPECT_EQ(Changes(back, from), "") << name << "\n" << undone;
    ++converged;
  }
  EXPECT_GE(converged, 300);
}

}  // namespace
}  // namespace keel::planner::mysql
