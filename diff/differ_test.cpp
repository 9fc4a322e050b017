#include "diff/differ.h"

#include <gtest/gtest.h>

namespace keel::diff {
namespace {

using model::Catalog;
using model::Column;
using model::ConstraintKind;
using model::Table;

Table MakeTable(const std::string& name, std::vector<Column> columns) {
  Table t;
  t.name = {"public", name};
  t.columns = std::move(columns);
  return t;
}

std::vector<std::string> Descriptions(const ChangeSet& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(Describe(c));
  return out;
}

TEST(Diff, EqualCatalogsGiveNoChanges) {
  Catalog a;
  Table t = MakeTable("t", {{.name = "id", .type = "integer", .not_null = true}});
  a.tables[t.name] = t;
  EXPECT_TRUE(Diff(a, a).empty());
}

TEST(Diff, ColumnsAddedDroppedAndAltered) {
  Catalog from, to;
  from.tables[{"public", "t"}] =
      MakeTable("t", {{.name = "a", .type = "integer"}, {.name = "b", .type = "text"}});
  to.tables[{"public", "t"}] = MakeTable(
      "t", {{.name = "a", .type = "bigint", .not_null = true}, {.name = "c", .type = "text"}});
  auto changes = Diff(from, to);
  EXPECT_EQ(Descriptions(changes),
            (std::vector<std::string>{"alter column public.t.a (type, set not null)",
                                      "add column public.t.c", "drop column public.t.b"}));
  const auto& alter = std::get<AlterColumn>(changes[0]);
  EXPECT_EQ(alter.what, kColumnType | kColumnNotNull);
}

TEST(Diff, MySqlColumnAndTableAttributes) {
  Catalog from, to;
  Table t = MakeTable("t", {{.name = "id", .type = "int", .not_null = true},
                            {.name = "s", .type = "varchar(10)", .collation = "latin1_swedish_ci"},
                            {.name = "at", .type = "timestamp"}});
  t.columns[1].charset = "latin1";
  t.engine = "InnoDB";
  t.charset = "latin1";
  t.collation = "latin1_swedish_ci";
  t.auto_increment = 5;
  from.tables[t.name] = t;
  t.columns[0].auto_increment = true;
  t.columns[1].charset = "utf8mb4";
  t.columns[1].collation = "utf8mb4_general_ci";
  t.columns[2].on_update = model::Expr("current_timestamp()");
  t.engine = "Aria";
  t.auto_increment = 90;  // a counter, never a change
  to.tables[t.name] = t;
  auto changes = Diff(from, to);
  EXPECT_EQ(Descriptions(changes),
            (std::vector<std::string>{"alter table public.t (engine Aria)",
                                      "alter column public.t.id (auto_increment)",
                                      "alter column public.t.s (collation, character set)",
                                      "alter column public.t.at (on update)"}));
  EXPECT_EQ(std::get<AlterColumn>(changes[2]).what, kColumnCollation | kColumnCharset);
  to.tables[t.name].columns[2].generated = model::Expr("id + 1");
  to.tables[t.name].columns[2].generated_virtual = true;
  from.tables[t.name].columns[2].generated = model::Expr("id + 1");
  EXPECT_EQ(Descriptions(Diff(from, to)).back(), "add column public.t.at");
}

// MySQL keys an index by {schema, "table.index"}, its name being {schema, "index"}.
TEST(Diff, MySqlIndexesKeyedByTableAndName) {
  Catalog a;
  a.dialect = model::Dialect::kMySql;
  a.tables[{"", "t"}] = MakeTable("t", {{.name = "a", .type = "int"}});
  a.tables[{"", "t"}].name = {"", "t"};
  model::Index idx;
  idx.name = {"", "a"};
  idx.table = {"", "t"};
  idx.keys = {model::IndexKey{.expr = model::Expr("a")}};
  a.indexes[{"", "t.a"}] = idx;
  EXPECT_TRUE(Diff(a, a).empty());
  Catalog b = a;
  b.indexes[{"", "t.a"}].unique = true;
  EXPECT_EQ(Descriptions(Diff(a, b)), (std::vector<std::string>{"drop index a", "create index a"}));
}

TEST(Diff, MySqlColumnNamesAreCaseInsensitive) {
  Catalog from, to;
  from.tables[{"", "users"}] = MakeTable("users", {{.name = "Name", .type = "varchar(100)"}});
  to.tables[{"", "users"}] = MakeTable("users", {{.name = "name", .type = "varchar(100)"}});
  from.tables[{"", "users"}].name = to.tables[{"", "users"}].name = {"", "users"};
  EXPECT_EQ(Descriptions(Diff(from, to)).size(), 2u);  // PostgreSQL: two columns
  from.dialect = to.dialect = model::Dialect::kMySql;
  EXPECT_TRUE(Diff(from, to).empty());
}

TEST(Diff, RenameHintRenamesInsteadOfDropAndAdd) {
  Catalog from, to;
  from.tables[{"public", "t"}] = MakeTable("t", {{.name = "old_name", .type = "text"}});
  Column renamed{.name = "new_name", .type = "text"};
  renamed.renamed_from = "old_name";
  to.tables[{"public", "t"}] = MakeTable("t", {renamed});
  EXPECT_EQ(Descriptions(Diff(from, to)),
            std::vector<std::string>{"rename column public.t.old_name to new_name"});
}

TEST(Diff, ChangedConstraintIsDroppedAndAdded) {
  Catalog from, to;
  Table t = MakeTable("t", {{.name = "a", .type = "integer"}});
  t.constraints.push_back(
      {.name = "t_a_check", .kind = ConstraintKind::kCheck, .check_expr = "a > 0"});
  from.tables[t.name] = t;
  t.constraints[0].check_expr = "a > 1";
  to.tables[t.name] = t;
  EXPECT_EQ(Descriptions(Diff(from, to)),
            (std::vector<std::string>{"drop constraint t_a_check on public.t",
                                      "add constraint t_a_check on public.t"}));
}

TEST(Diff, IndexesOfADroppedTableGoWithIt) {
  Catalog from, to;
  Table t = MakeTable("t", {{.name = "a", .type = "integer"}});
  from.tables[t.name] = t;
  model::Index i{.name = {"public", "t_a_idx"}, .table = t.name, .keys = {{.expr = "a"}}};
  from.indexes[i.name] = i;
  from.sequences[{"public", "t_a_seq"}] = {
      .name = {"public", "t_a_seq"}, .owned_by_table = t.name, .owned_by_column = "a"};
  EXPECT_EQ(Descriptions(Diff(from, to)), std::vector<std::string>{"drop table public.t"});
}

TEST(Diff, NewTableForeignKeysComeSeparately) {
  Catalog from, to;
  Table t = MakeTable("child", {{.name = "pid", .type = "integer"}});
  t.constraints.push_back({.name = "child_pid_fkey",
                           .kind = ConstraintKind::kForeignKey,
                           .columns = {"pid"},
                           .ref_table = {"public", "parent"},
                           .ref_columns = {"id"}});
  to.tables[t.name] = t;
  auto changes = Diff(from, to);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_TRUE(std::get<CreateTable>(changes[0]).table.constraints.empty());
  EXPECT_EQ(Describe(changes[1]), "add constraint child_pid_fkey on public.child");
}

TEST(Diff, InverseUndoesEveryChangeKind) {
  Catalog from, to;
  from.tables[{"public", "t"}] = MakeTable("t", {{.name = "a", .type = "integer"}});
  to.tables[{"public", "u"}] = MakeTable("u", {{.name = "a", .type = "integer"}});
  for (const auto& c : Diff(from, to)) {
    auto back = Inverse(Inverse(c));
    EXPECT_EQ(Describe(back), Describe(c));
  }
  EXPECT_EQ(Describe(Inverse(DropTable{from.tables.begin()->second, {}, {}})),
            "create table public.t");
}

TEST(Diff, TableLevelPropertiesAreOneAlterTable) {
  Catalog from, to;
  Table parent = MakeTable("p", {{.name = "id", .type = "integer"}});
  parent.partition_by = "LIST (id)";
  Table part = MakeTable("p1", {});
  part.partition_of = parent.name;
  part.partition_bound = "FOR VALUES IN (1)";
  Table t = MakeTable("t", {{.name = "id", .type = "integer"}});
  t.options = {"fillfactor=70"};
  for (Catalog* c : {&from, &to}) {
    c->tables[parent.name] = parent;
    c->tables[part.name] = part;
    c->tables[t.name] = t;
  }
  to.tables[part.name].partition_bound = "FOR VALUES IN (1, 2)";
  to.tables[t.name].unlogged = true;
  to.tables[t.name].options = {};
  auto changes = Diff(from, to);
  EXPECT_EQ(Descriptions(changes),
            (std::vector<std::string>{"alter table public.p1 (partition bound)",
                                      "alter table public.t (unlogged, storage parameters)"}));
  // A new partition key recreates the table and its partitions; no column changes.
  to = from;
  to.tables[parent.name].partition_by = "HASH (id)";
  to.tables[part.name].partition_bound = "FOR VALUES WITH (modulus 2, remainder 0)";
  EXPECT_EQ(Descriptions(Diff(from, to)),
            (std::vector<std::string>{"drop table public.p", "create table public.p",
                                      "drop table public.p1", "create table public.p1"}));
}

}  // namespace
}  // namespace keel::diff
