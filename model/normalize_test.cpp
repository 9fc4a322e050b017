#include "model/normalize.h"

#include <gtest/gtest.h>

namespace keel::model {
namespace {

Table MakeTable(const std::string& name, std::vector<std::string> columns) {
  Table t;
  t.name = {"public", name};
  for (auto& c : columns) t.columns.push_back(Column{.name = c, .type = "integer"});
  return t;
}

TEST(MakeObjectName, TruncatesLikeTheServer) {
  EXPECT_EQ(MakeObjectName("orders", "customer_id", "fkey"), "orders_customer_id_fkey");
  EXPECT_EQ(MakeObjectName("t", "", "pkey"), "t_pkey");
  std::string long1(40, 'a'), long2(40, 'b');
  std::string name = MakeObjectName(long1, long2, "key");
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name, std::string(29, 'a') + "_" + std::string(29, 'b') + "_key");
}

// Found by the convergence property: COMMENT ON … IS '' removes a comment, so a file that says
// '' must compare equal to a database without one, or every plan repeats the COMMENT.
TEST(Normalize, EmptyCommentIsNoComment) {
  Catalog c;
  c.schemas["app"] = Schema{.name = "app", .comment = ""};
  Table t = MakeTable("t", {"id"});
  t.comment = "";
  t.columns[0].comment = "";
  t.constraints.push_back(
      {.name = "t_pkey", .kind = ConstraintKind::kPrimaryKey, .columns = {"id"}, .comment = ""});
  c.tables[t.name] = t;
  Index i{.name = {"public", "t_idx"}, .table = t.name, .comment = ""};
  c.indexes[i.name] = i;
  Sequence s{.name = {"public", "s"}, .comment = "kept"};
  c.sequences[s.name] = s;
  Normalize(c);
  EXPECT_EQ(c.schemas.at("app").comment, std::nullopt);
  const Table& n = c.tables.at(t.name);
  EXPECT_EQ(n.comment, std::nullopt);
  EXPECT_EQ(n.columns[0].comment, std::nullopt);
  EXPECT_EQ(n.constraints[0].comment, std::nullopt);
  EXPECT_EQ(c.indexes.at(i.name).comment, std::nullopt);
  EXPECT_EQ(c.sequences.at(s.name).comment, "kept");
}

// The same for every other kind that takes a comment (found by the property test on a trigger).
TEST(Normalize, EmptyCommentIsNoCommentOnEveryKind) {
  Catalog c;
  const QualifiedName qn{"public", "x"};
  c.views[qn] = View{.name = qn, .comment = ""};
  c.enums[qn] = Enum{.name = qn, .comment = ""};
  c.domains[qn] = Domain{.name = qn, .comment = ""};
  c.composites[qn] = CompositeType{.name = qn, .comment = ""};
  c.extensions["e"] = Extension{.name = "e", .comment = ""};
  c.functions[{qn, ""}] = Function{.name = qn, .comment = ""};
  c.triggers[{qn, "t"}] = Trigger{.name = "t", .table = qn, .comment = ""};
  c.definitions["AGGREGATE public.x()"] =
      Definition{.kind = "AGGREGATE", .name = qn, .comment = ""};
  c.policies[{qn, "p"}] = Policy{.table = qn, .name = "p", .comment = "kept"};
  Normalize(c);
  EXPECT_EQ(c.views.at(qn).comment, std::nullopt);
  EXPECT_EQ(c.enums.at(qn).comment, std::nullopt);
  EXPECT_EQ(c.domains.at(qn).comment, std::nullopt);
  EXPECT_EQ(c.composites.at(qn).comment, std::nullopt);
  EXPECT_EQ(c.extensions.at("e").comment, std::nullopt);
  EXPECT_EQ(c.functions.at({qn, ""}).comment, std::nullopt);
  EXPECT_EQ(c.triggers.at({qn, "t"}).comment, std::nullopt);
  EXPECT_EQ(c.definitions.at("AGGREGATE public.x()").comment, std::nullopt);
  EXPECT_EQ(c.policies.at({qn, "p"}).comment, "kept");
}

TEST(Normalize, NamesUnnamedConstraintsAsTheServerDoes) {
  Catalog c;
  Table t = MakeTable("orders", {"id", "customer_id", "qty"});
  t.constraints.push_back({.kind = ConstraintKind::kPrimaryKey, .columns = {"id"}});
  t.constraints.push_back({.kind = ConstraintKind::kUnique, .columns = {"customer_id", "qty"}});
  t.constraints.push_back({.kind = ConstraintKind::kForeignKey,
                           .columns = {"customer_id"},
                           .ref_table = {"public", "customers"}});
  t.constraints.push_back({.kind = ConstraintKind::kCheck, .check_expr = "1 < qty"});
  t.constraints.push_back({.kind = ConstraintKind::kCheck, .check_expr = "now() > '2020-01-01'"});
  c.tables[t.name] = t;
  Normalize(c);
  std::vector<std::string> names;
  for (const auto& con : c.tables.at({"public", "orders"}).constraints) names.push_back(con.name);
  EXPECT_EQ(names, (std::vector<std::string>{"orders_check", "orders_customer_id_fkey",
                                             "orders_customer_id_qty_key", "orders_pkey",
                                             "orders_qty_check"}));
  EXPECT_TRUE(c.tables.at({"public", "orders"}).FindColumn("id")->not_null);
}

TEST(Normalize, IndexNamesAvoidCollisions) {
  Catalog c;
  Table t = MakeTable("t", {"a"});
  c.tables[t.name] = t;
  Index i1{.table = t.name, .keys = {{.expr = "a"}}};
  i1.loc = {"f.sql", 1, 1};
  Index i2 = i1;
  i2.loc = {"f.sql", 2, 1};
  Index i3{.table = t.name, .keys = {{.expr = "(lower(a))", .is_expression = true}}};
  i3.loc = {"f.sql", 3, 1};
  i3.unique = true;  // CREATE UNIQUE INDEX is no constraint: "_idx" too, never "_key"
  c.indexes[{"public", ""}] = i1;
  // Unnamed indexes are keyed by position until normalized.
  c.indexes.clear();
  c.indexes[{"", "#1"}] = i1;
  c.indexes[{"", "#2"}] = i2;
  c.indexes[{"", "#3"}] = i3;
  for (auto& [k, v] : c.indexes) v.name = {};
  Normalize(c);
  std::vector<std::string> names;
  for (const auto& [qn, index] : c.indexes) names.push_back(qn.Display());
  EXPECT_EQ(names,
            (std::vector<std::string>{"public.t_a_idx", "public.t_a_idx1", "public.t_lower_idx"}));
}

TEST(Normalize, ForeignKeyWithoutColumnsReferencesThePrimaryKey) {
  Catalog c;
  Table parent = MakeTable("parent", {"pid"});
  parent.constraints.push_back(
      {.name = "parent_pkey", .kind = ConstraintKind::kPrimaryKey, .columns = {"pid"}});
  Table child = MakeTable("child", {"parent_id"});
  child.constraints.push_back(
      {.kind = ConstraintKind::kForeignKey, .columns = {"parent_id"}, .ref_table = parent.name});
  c.tables[parent.name] = parent;
  c.tables[child.name] = child;
  Normalize(c);
  EXPECT_EQ(c.tables.at(child.name).constraints[0].ref_columns, std::vector<std::string>{"pid"});
}

TEST(Normalize, SequenceDefaultsAreDropped) {
  Catalog c;
  Sequence s{.name = {"public", "s"}, .type = "integer", .min_value = 1, .max_value = 2147483647};
  c.sequences[s.name] = s;
  Normalize(c);
  EXPECT_FALSE(c.sequences.at(s.name).min_value.has_value());
  EXPECT_FALSE(c.sequences.at(s.name).max_value.has_value());
}

}  // namespace
}  // namespace keel::model
