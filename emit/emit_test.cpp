#include "emit/emit.h"

#include <gtest/gtest.h>

namespace keel::emit {
namespace {

planner::Plan SamplePlan() {
  planner::Plan plan;
  planner::Step a;
  a.id = 1;
  a.description = "add column public.t.c";
  a.sql = {"ALTER TABLE public.t ADD COLUMN c text"};
  a.rollback_sql = {"ALTER TABLE public.t DROP COLUMN c"};
  planner::Step b;
  b.id = 2;
  b.description = "create index public.t_c_idx";
  b.sql = {"CREATE INDEX CONCURRENTLY t_c_idx ON public.t (c)"};
  b.rollback_sql = {"DROP INDEX CONCURRENTLY public.t_c_idx"};
  b.transactional = false;
  plan.steps = {a, b};
  return plan;
}

TEST(EmitSql, GroupsTransactionalStepsAndKeepsConcurrentOnesOutside) {
  EXPECT_EQ(Sql(SamplePlan(), {}),
            "-- keel plan\n"
            "-- 2 steps\n"
            "\nBEGIN;\n"
            "SET LOCAL lock_timeout = '2s';\n"
            "SET LOCAL statement_timeout = '60s';\n"
            "\n-- step 1: add column public.t.c\n"
            "ALTER TABLE public.t ADD COLUMN c text;\n"
            "COMMIT;\n"
            "\n-- step 2: create index public.t_c_idx (outside a transaction)\n"
            "SET lock_timeout = '2s';\n"
            "SET statement_timeout = 0;\n"
            "CREATE INDEX CONCURRENTLY t_c_idx ON public.t (c);\n");
}

TEST(EmitSql, RollbackRunsInReverse) {
  EmitOptions options;
  options.rollback = true;
  std::string out = Sql(SamplePlan(), options);
  EXPECT_LT(out.find("DROP INDEX CONCURRENTLY public.t_c_idx;"),
            out.find("ALTER TABLE public.t DROP COLUMN c;"));
  EXPECT_NE(out.find("-- keel rollback script"), std::string::npos);
}

TEST(EmitSql, EmptyPlanHasNoStatements) {
  std::string out = Sql({}, {});
  EXPECT_EQ(out, "-- keel plan\n-- no changes\n");
  for (size_t pos = 0; pos < out.size();) {
    EXPECT_EQ(out.compare(pos, 2, "--"), 0);
    pos = out.find('\n', pos) + 1;
  }
}

TEST(EmitText, SummarisesStepsAndHazards) {
  auto plan = SamplePlan();
  plan.steps[0].hazards.push_back({planner::HazardCode::kAccessExclusiveLock, "on public.t"});
  std::string out = Text(plan, {});
  EXPECT_NE(out.find("Plan: 2 steps (2 to add, 0 to change, 0 to drop)"), std::string::npos);
  EXPECT_NE(out.find("Hazards: access-exclusive-lock (1)"), std::string::npos);
  EXPECT_NE(out.find("  1. + add column public.t.c"), std::string::npos);
  EXPECT_EQ(out.find("\033["), std::string::npos);
  EXPECT_EQ(Text({}, {}), "No changes: the schema is up to date.\n");
}

TEST(EmitJson, IsDeterministicAndEscaped) {
  auto plan = SamplePlan();
  plan.steps[0].sql[0] = "COMMENT ON TABLE t IS 'a \"quoted\"\nline'";
  std::string a = Json(plan, {}), b = Json(plan, {});
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find("\"format\": \"keel.plan/v1\""), std::string::npos);
  EXPECT_NE(a.find("a \\\"quoted\\\"\\nline"), std::string::npos);
}

TEST(EmitDot, OneNodePerStepOneEdgePerOrderingFact) {
  auto plan = SamplePlan();
  plan.steps[0].lock = planner::LockLevel::kAccessExclusive;
  plan.steps[0].lock_table = "public.t";
  plan.steps[1].lock = planner::LockLevel::kShareUpdateExclusive;
  plan.steps[1].description = "create index public.\"odd\\name\"";
  plan.edges = {{1, 2, "needs column:public.t.c"}};
  EmitOptions options;
  options.from_label = "v1";
  options.to_label = "v2";
  EXPECT_EQ(Dot(plan, options),
            "// keel plan: an edge goes from a step to one that must run after it\n"
            "// from: v1\n"
            "// to:   v2\n"
            "digraph keel_plan {\n"
            "  node [shape=box, fontname=\"monospace\"];\n"
            "  s1 [label=\"1. add column public.t.c\\nlock ACCESS EXCLUSIVE on "
            "public.t\\ntransactional\"];\n"
            "  s2 [label=\"2. create index public.\\\"odd\\\\name\\\"\\nlock SHARE UPDATE "
            "EXCLUSIVE\\noutside a transaction\", style=dashed];\n"
            "  s1 -> s2 [label=\"needs column:public.t.c\"];\n"
            "}\n");
  EXPECT_EQ(Dot({}, {}),
            "// keel plan: an edge goes from a step to one that must run after it\n"
            "digraph keel_plan {\n"
            "  node [shape=box, fontname=\"monospace\"];\n"
            "}\n");
}

TEST(EmitRegistry, EveryFormatNameParsesAndRenders) {
  EXPECT_EQ(FormatNames(), (std::vector<std::string>{"text", "sql", "json", "dot"}));
  for (const auto& name : FormatNames()) {
    auto format = ParseFormat(name);
    ASSERT_TRUE(format) << name;
    EXPECT_FALSE(Render(*format, SamplePlan(), {}).empty()) << name;
  }
  EXPECT_EQ(ParseFormat("dot"), Format::kDot);
  EXPECT_EQ(Render(Format::kDot, SamplePlan(), {}), Dot(SamplePlan(), {}));
  EXPECT_FALSE(ParseFormat("graphviz"));
}

}  // namespace
}  // namespace keel::emit
