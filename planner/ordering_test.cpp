#include "planner/ordering.h"

#include <gtest/gtest.h>

#include <map>

#include "diff/differ.h"
#include "planner/planner.h"

namespace keel::planner {
namespace {

using model::Catalog;
using model::ConstraintKind;
using model::Table;

Step MakeStep(const std::string& object, int rank, std::vector<std::string> provides,
              std::vector<std::string> needs) {
  Step s;
  s.object = object;
  s.description = object;
  s.rank = rank;
  s.provides = std::move(provides);
  s.needs = std::move(needs);
  return s;
}

std::vector<std::string> Objects(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.object);
  return out;
}

TEST(OrderSteps, DependenciesBeatPriority) {
  std::vector<Step> steps = {MakeStep("b", 0, {"b"}, {"a"}), MakeStep("a", 5, {"a"}, {})};
  ASSERT_EQ(OrderSteps(steps), "");
  EXPECT_EQ(Objects(steps), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(steps[1].placed_after, "after step 1 (needs a)");
  EXPECT_EQ(steps[0].id, 1);
}

TEST(OrderSteps, TiesBreakByRankThenName) {
  std::vector<Step> steps = {MakeStep("z", 1, {}, {}), MakeStep("y", 0, {}, {}),
                             MakeStep("x", 1, {}, {})};
  ASSERT_EQ(OrderSteps(steps), "");
  EXPECT_EQ(Objects(steps), (std::vector<std::string>{"y", "x", "z"}));
}

TEST(OrderSteps, CycleIsReportedAsAPath) {
  std::vector<Step> steps = {MakeStep("public.a", 0, {"a"}, {"b"}),
                             MakeStep("public.b", 0, {"b"}, {"a"})};
  EXPECT_EQ(OrderSteps(steps), "dependency cycle: public.a -> public.b -> public.a");
}

// A step that only waits for a cycle is not part of it (it was reported as "x -> x").
TEST(OrderSteps, CycleReportSkipsStepsThatOnlyWaitForIt) {
  std::vector<Step> steps = {
      MakeStep("public.x", 0, {"x"}, {"a"}), MakeStep("public.a", 0, {"a"}, {"c"}),
      MakeStep("public.b", 0, {"b"}, {"a"}), MakeStep("public.c", 0, {"c"}, {"b"})};
  EXPECT_EQ(OrderSteps(steps), "dependency cycle: public.a -> public.b -> public.c -> public.a");
}

TEST(OrderSteps, ExposesEveryEdgeByStepIdInOrder) {
  Step drop = MakeStep("drop t", 20, {}, {});
  drop.removes = {"table:t"};
  Step fk = MakeStep("drop fk", 19, {}, {});
  fk.releases = {"table:t"};
  std::vector<Step> steps = {MakeStep("view", 9, {"view:v"}, {"table:u"}), drop,
                             MakeStep("table", 2, {"table:u"}, {}), fk};
  std::vector<Edge> edges = {{9, 9, "stale"}};
  ASSERT_EQ(OrderSteps(steps, &edges), "");
  EXPECT_EQ(Objects(steps), (std::vector<std::string>{"table", "view", "drop fk", "drop t"}));
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].before, 1);
  EXPECT_EQ(edges[0].after, 2);
  EXPECT_EQ(edges[0].why, "needs table:u");
  EXPECT_EQ(edges[1].before, 3);
  EXPECT_EQ(edges[1].after, 4);
  EXPECT_EQ(edges[1].why, "stops using table:t");
}

TEST(OrderSteps, RemovalWaitsForReleases) {
  Step drop = MakeStep("drop", 0, {}, {});
  drop.removes = {"table:t"};
  Step fk = MakeStep("drop fk", 9, {}, {});
  fk.releases = {"table:t"};
  std::vector<Step> steps = {drop, fk};
  ASSERT_EQ(OrderSteps(steps), "");
  EXPECT_EQ(Objects(steps), (std::vector<std::string>{"drop fk", "drop"}));
}

Table MakeTable(const std::string& name) {
  Table t;
  t.name = {"public", name};
  t.columns.push_back({.name = "id", .type = "integer", .not_null = true});
  t.columns.push_back({.name = "other_id", .type = "integer"});
  t.constraints.push_back(
      {.name = name + "_pkey", .kind = ConstraintKind::kPrimaryKey, .columns = {"id"}});
  return t;
}

// Tables a and b, each with a foreign key to the other.
std::map<model::QualifiedName, Table> ForeignKeyCycle() {
  Table a = MakeTable("a"), b = MakeTable("b");
  a.constraints.push_back({.name = "a_other_id_fkey",
                           .kind = ConstraintKind::kForeignKey,
                           .columns = {"other_id"},
                           .ref_table = b.name,
                           .ref_columns = {"id"}});
  b.constraints.push_back({.name = "b_other_id_fkey",
                           .kind = ConstraintKind::kForeignKey,
                           .columns = {"other_id"},
                           .ref_table = a.name,
                           .ref_columns = {"id"}});
  return {{a.name, a}, {b.name, b}};
}

TEST(BuildPlan, ForeignKeyCycleBetweenNewTablesIsBrokenByAddingKeysLast) {
  Catalog from, to;
  to.tables = ForeignKeyCycle();
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(Objects(result.plan.steps),
            (std::vector<std::string>{"table:public.a", "table:public.b",
                                      "constraint:public.a.a_other_id_fkey",
                                      "constraint:public.b.b_other_id_fkey"}));
}

// Found by the property test: dropping both tables of a foreign-key cycle was reported as a
// dependency cycle.
TEST(BuildPlan, ForeignKeyCycleBetweenDroppedTablesIsBrokenByDroppingKeysFirst) {
  Catalog from, to;
  from.tables = ForeignKeyCycle();
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(Objects(result.plan.steps),
            (std::vector<std::string>{"constraint:public.a.a_other_id_fkey",
                                      "constraint:public.b.b_other_id_fkey", "table:public.a",
                                      "table:public.b"}));
}

// Found by the property test: the keyword SELECT in a LANGUAGE sql body was taken for a table
// named "select", and a default calling the function closed a cycle.
TEST(BuildPlan, KeywordInSqlBodyIsNoTableName) {
  Catalog from, to;
  Table t = MakeTable("select");
  t.columns[1].default_expr = "app.f(0)";
  to.tables[t.name] = t;
  to.schemas["app"] = {.name = "app"};
  model::Function f{.name = {"app", "f"},
                    .signature = "integer",
                    .args = {{.name = "x", .type = "integer"}},
                    .returns = "integer",
                    .body = "SELECT x + 1"};
  to.functions[{f.name, f.signature}] = f;
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(Objects(result.plan.steps),
            (std::vector<std::string>{"schema:app", "function:app.f", "table:public.select"}));
}

TEST(BuildPlan, DroppedTableWaitsForForeignKeysThatReferenceIt) {
  Catalog from, to;
  Table parent = MakeTable("parent"), child = MakeTable("child");
  child.constraints.push_back({.name = "child_other_id_fkey",
                               .kind = ConstraintKind::kForeignKey,
                               .columns = {"other_id"},
                               .ref_table = parent.name,
                               .ref_columns = {"id"}});
  from.tables[parent.name] = parent;
  from.tables[child.name] = child;
  Table kept = child;
  kept.constraints.pop_back();
  to.tables[child.name] = kept;
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(Objects(result.plan.steps),
            (std::vector<std::string>{"constraint:public.child.child_other_id_fkey",
                                      "table:public.parent"}));
  EXPECT_EQ(result.plan.steps[1].hazards.front().code, HazardCode::kAccessExclusiveLock);
  EXPECT_EQ(result.plan.steps[1].hazards.back().code, HazardCode::kDataLoss);
}

// Found by the convergence property: DROP NOT NULL fails while the column is in a primary key,
// so dropping the key comes first even though drops otherwise rank last.
TEST(BuildPlan, PrimaryKeyIsDroppedBeforeItsColumnLosesNotNull) {
  Catalog from, to;
  Table t = MakeTable("t");
  from.tables[t.name] = t;
  Table without_key = t;
  without_key.constraints.clear();
  without_key.columns[0].not_null = false;
  to.tables[t.name] = without_key;
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  ASSERT_EQ(result.plan.steps.size(), 2u);
  EXPECT_EQ(result.plan.steps[0].sql[0], "ALTER TABLE public.t DROP CONSTRAINT t_pkey");
  EXPECT_EQ(result.plan.steps[1].sql[0], "ALTER TABLE public.t ALTER COLUMN id DROP NOT NULL");
}

// A foreign key or check over a column whose type changes is dropped before the ALTER TYPE:
// PostgreSQL would rebuild it for the new type and fail ("foreign key constraint cannot be
// implemented", "operator does not exist: text > integer").
TEST(BuildPlan, ConstraintsOverARetypedColumnAreDroppedFirst) {
  Catalog from, to;
  Table parent = MakeTable("parent"), child = MakeTable("child");
  child.constraints.push_back({.name = "child_other_id_fkey",
                               .kind = ConstraintKind::kForeignKey,
                               .columns = {"other_id"},
                               .ref_table = parent.name,
                               .ref_columns = {"id"}});
  child.constraints.push_back({.name = "child_other_id_check",
                               .kind = ConstraintKind::kCheck,
                               .check_expr = "other_id > 0"});
  from.tables[parent.name] = parent;
  from.tables[child.name] = child;
  Table retyped_parent = parent, retyped_child = child;
  retyped_parent.columns[0].type = "text";
  retyped_child.columns[1].type = "text";
  retyped_child.constraints.resize(1);  // only the primary key stays
  to.tables[parent.name] = retyped_parent;
  to.tables[child.name] = retyped_child;
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(Objects(result.plan.steps),
            (std::vector<std::string>{
                "constraint:public.child.child_other_id_fkey", "column:public.parent.id",
                "constraint:public.child.child_other_id_check", "column:public.child.other_id"}));
  EXPECT_EQ(result.plan.steps[1].placed_after,
            "after step 1 (stops using type:column:public.parent.id)");
}

// Found by the convergence property: a primary key replaced by one under another name.
TEST(BuildPlan, OldPrimaryKeyIsDroppedBeforeTheNewOneIsAdded) {
  Catalog from, to;
  Table t = MakeTable("t");
  from.tables[t.name] = t;
  t.constraints[0].name = "t_new_pkey";
  to.tables[t.name] = t;
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  // The new key's index is built concurrently while the old key still holds; only the
  // ADD PRIMARY KEY USING INDEX waits for the old key's drop.
  EXPECT_EQ(Objects(result.plan.steps),
            (std::vector<std::string>{"index:public.t_new_pkey", "constraint:public.t.t_pkey",
                                      "constraint:public.t.t_new_pkey"}));
  EXPECT_EQ(result.plan.steps[2].sql.front(),
            "ALTER TABLE public.t ADD CONSTRAINT t_new_pkey PRIMARY KEY USING INDEX t_new_pkey");
}

// Found by the rollback property: undoing the drop of a commented index or constraint brings
// its comment back too.
TEST(BuildPlan, RollbackOfADropRestoresTheComment) {
  Catalog from, to;
  Table t = MakeTable("t");
  to.tables[t.name] = t;
  t.constraints.push_back({.name = "t_id_check",
                           .kind = ConstraintKind::kCheck,
                           .check_expr = "id > 0",
                           .comment = "positive"});
  from.tables[t.name] = t;
  model::Index i{
      .name = {"public", "t_idx"}, .table = t.name, .keys = {{.expr = "id"}}, .comment = "by id"};
  from.indexes[i.name] = i;
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  ASSERT_EQ(result.plan.steps.size(), 2u);
  EXPECT_EQ(result.plan.steps[0].rollback_sql,
            (std::vector<std::string>{"CREATE INDEX CONCURRENTLY t_idx ON public.t (id)",
                                      "COMMENT ON INDEX public.t_idx IS 'by id'"}));
  EXPECT_EQ(
      result.plan.steps[1].rollback_sql,
      (std::vector<std::string>{"ALTER TABLE public.t ADD CONSTRAINT t_id_check CHECK (id > 0)",
                                "COMMENT ON CONSTRAINT t_id_check ON public.t IS 'positive'"}));
}

TEST(BuildPlan, IndexOnExistingTableIsConcurrentAndOnNewTableIsNot) {
  Catalog from, to;
  Table old_table = MakeTable("old");
  from.tables[old_table.name] = old_table;
  to.tables[old_table.name] = old_table;
  Table new_table = MakeTable("fresh");
  to.tables[new_table.name] = new_table;
  for (const auto* t : {&old_table, &new_table}) {
    model::Index i{.name = {"public", t->name.name + "_other_id_idx"},
                   .table = t->name,
                   .keys = {{.expr = "other_id"}}};
    to.indexes[i.name] = i;
  }
  auto result = BuildPlan(diff::Diff(from, to), from, to);
  ASSERT_EQ(result.error, "");
  ASSERT_EQ(result.plan.steps.size(), 3u);
  EXPECT_EQ(result.plan.steps[1].sql[0],
            "CREATE INDEX fresh_other_id_idx ON public.fresh (other_id)");
  EXPECT_TRUE(result.plan.steps[1].transactional);
  EXPECT_EQ(result.plan.steps[2].sql[0],
            "CREATE INDEX CONCURRENTLY old_other_id_idx ON public.old (other_id)");
  EXPECT_FALSE(result.plan.steps[2].transactional);
}

}  // namespace
}  // namespace keel::planner
