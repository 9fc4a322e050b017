// Lowering rules the desired files cannot reach (renames come from hints the MySQL parser
// does not read yet) and the algorithm predicates.
#include "planner/mysql/lower.h"

#include <gtest/gtest.h>

#include "diff/differ.h"
#include "parser/mysql/parser.h"
#include "planner/mysql/online.h"
#include "planner/planner.h"

namespace keel::planner::mysql {
namespace {

model::Catalog Parse(const std::string& sql) {
  auto r = parser::mysql::ParseMySqlFiles({{"schema.sql", sql}});
  EXPECT_TRUE(r.ok());
  return r.catalog;
}

std::vector<std::string> Sql(const diff::ChangeSet& changes, const model::Catalog& from,
                             const model::Catalog& to, bool rollback = false) {
  auto result = BuildPlan(changes, from, to);
  EXPECT_EQ(result.error, "");
  std::vector<std::string> out;
  for (const auto& s : result.plan.steps)
    for (const auto& q : rollback ? s.rollback_sql : s.sql) out.push_back(q);
  return out;
}

const char* const kBefore =
    "CREATE TABLE p (id int NOT NULL PRIMARY KEY, code int, note int, KEY code_idx (code));\n"
    "CREATE TABLE c (id int NOT NULL PRIMARY KEY, p_id int, "
    "CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id));\n";

TEST(MySqlLower, RenameColumnIsInstantUnlessAKeyNamesIt) {
  model::Catalog from = Parse(kBefore);
  model::Catalog to = from;
  auto& p = to.tables.at({"", "p"});
  p.FindColumn("note")->name = "remark";
  EXPECT_EQ(Sql({diff::RenameColumn{{"", "p"}, "note", "remark"}}, from, to),
            (std::vector<std::string>{
                "ALTER TABLE `p` RENAME COLUMN `note` TO `remark`, ALGORITHM=INSTANT"}));
  EXPECT_EQ(Sql({diff::RenameColumn{{"", "p"}, "code", "kode"}}, from, to).front(),
            "ALTER TABLE `p` RENAME COLUMN `code` TO `kode`, ALGORITHM=INPLACE, LOCK=NONE");
  // Referenced by c's foreign key.
  EXPECT_EQ(Sql({diff::RenameColumn{{"", "p"}, "id", "pid"}}, from, to).front(),
            "ALTER TABLE `p` RENAME COLUMN `id` TO `pid`, ALGORITHM=INPLACE, LOCK=NONE");
  EXPECT_EQ(Sql({diff::RenameColumn{{"", "p"}, "note", "remark"}}, from, to, true).front(),
            "ALTER TABLE `p` RENAME COLUMN `remark` TO `note`, ALGORITHM=INSTANT");
}

TEST(MySqlLower, RenameTableAndIndex) {
  model::Catalog from = Parse(kBefore);
  model::Catalog to = Parse(
      "CREATE TABLE parent (id int NOT NULL PRIMARY KEY, code int, note int, KEY by_code (code));"
      "CREATE TABLE c (id int NOT NULL PRIMARY KEY, p_id int, "
      "CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES parent (id));");
  auto plan = BuildPlan({diff::RenameTable{{"", "p"}, {"", "parent"}},
                         diff::RenameIndex{{"", "p.code_idx"}, {"", "parent.by_code"}}},
                        from, to);
  ASSERT_EQ(plan.error, "");
  ASSERT_EQ(plan.plan.steps.size(), 2u);
  EXPECT_EQ(plan.plan.steps[0].sql.front(), "RENAME TABLE `p` TO `parent`");
  EXPECT_EQ(plan.plan.steps[0].rollback_sql.front(), "RENAME TABLE `parent` TO `p`");
  EXPECT_EQ(plan.plan.steps[1].sql.front(),
            "ALTER TABLE `parent` RENAME INDEX `code_idx` TO `by_code`, ALGORITHM=INSTANT");
  EXPECT_FALSE(plan.plan.steps[0].transactional);
  EXPECT_EQ(plan.plan.dialect, model::Dialect::kMySql);
}

TEST(MySqlLower, SequencesAreAnError) {
  model::Catalog from = Parse(""), to = from;
  model::Sequence seq;
  seq.name = {"", "s"};
  auto plan = BuildPlan({diff::CreateSequence{seq}}, from, to);
  EXPECT_NE(plan.error.find("MySQL has no sequences"), std::string::npos);
}

TEST(MySqlOnline, VarcharWideningKeepsTheLengthPrefix) {
  EXPECT_TRUE(WidensVarchar("varchar(50)", "varchar(63)", "utf8mb4"));
  EXPECT_FALSE(WidensVarchar("varchar(50)", "varchar(64)", "utf8mb4"));  // 256 bytes
  EXPECT_TRUE(WidensVarchar("varchar(300)", "varchar(900)", "utf8mb4"));
  EXPECT_TRUE(WidensVarchar("varchar(10)", "varchar(255)", "latin1"));
  EXPECT_FALSE(WidensVarchar("varchar(10)", "varchar(5)", "latin1"));
  EXPECT_FALSE(WidensVarchar("varchar(10)", "varchar(20)", "mystery"));
  EXPECT_TRUE(WidensVarchar("varbinary(10)", "varbinary(200)", ""));
}

TEST(MySqlOnline, MembersAppendedAtTheEnd) {
  EXPECT_TRUE(AppendsMembers("enum('a','b')", "enum('a','b','c')"));
  EXPECT_FALSE(AppendsMembers("enum('a','b')", "enum('c','a','b')"));
  EXPECT_FALSE(AppendsMembers("enum('a','b')", "enum('a','bc')"));
  EXPECT_TRUE(AppendsMembers("set('a')", "set('a','b')"));
  std::string eight = "set('1','2','3','4','5','6','7','8')";
  EXPECT_FALSE(AppendsMembers(eight, eight.substr(0, eight.size() - 1) + ",'9')"));
}

}  // namespace
}  // namespace keel::planner::mysql
