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

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) n++;
  return n;
}

TEST(EmitMarkdown, VerdictFollowsTheWorstHazard) {
  auto plan = SamplePlan();
  std::string safe = Markdown(plan, {});
  EXPECT_EQ(safe.rfind("<!-- keel:plan -->\n## keel plan\n", 0), 0u);
  EXPECT_NE(safe.find("✅ **Online-safe**"), std::string::npos);
  plan.steps[0].hazards.push_back({planner::HazardCode::kAccessExclusiveLock, "on public.t"});
  EXPECT_NE(Markdown(plan, {}).find("⚠️ **Review**"), std::string::npos);
  plan.steps[1].hazards.push_back({planner::HazardCode::kDataLoss, "x"});
  plan.steps[0].hazards.push_back({planner::HazardCode::kTableRewrite, "y"});
  std::string refused = Markdown(plan, {});
  EXPECT_NE(refused.find("without `--allow-hazards data-loss,table-rewrite`"), std::string::npos);
  // The hazard table lists the most severe first.
  EXPECT_LT(refused.find("| `data-loss` | critical | 2 |"),
            refused.find("| `table-rewrite` | high | 1 |"));
  EXPECT_EQ(Markdown({}, {}),
            "<!-- keel:plan -->\n## keel plan\n\n✅ **No changes**: the schema is up "
            "to date.\n");
}

TEST(EmitMarkdown, EscapesCellsLabelsAndFences) {
  auto plan = SamplePlan();
  plan.steps[0].description = "add column public.t.\"a|b<c>\"";
  plan.steps[0].sql[0] = "COMMENT ON TABLE t IS '```'";
  plan.edges = {{1, 2, "needs"}};
  std::string md = Markdown(plan, {});
  EXPECT_NE(md.find("| + add column public.t.\"a\\|b&lt;c&gt;\" |"), std::string::npos);
  EXPECT_NE(md.find("s1[\"1. add column public.t.#quot;a|b#lt;c#gt;#quot;\"]"), std::string::npos);
  EXPECT_NE(md.find("  s1 --> s2\n"), std::string::npos);
  EXPECT_NE(md.find("````sql\n"), std::string::npos);  // longer than the ``` inside
  EXPECT_NE(md.find("class s2 outside"), std::string::npos);
  EXPECT_EQ(md, Markdown(plan, {}));
}

TEST(EmitMarkdown, StaysWithinACommentsLength) {
  planner::Plan plan;
  for (int i = 1; i <= 400; i++) {
    planner::Step s;
    s.id = i;
    s.description = "create table public.t" + std::to_string(i);
    s.sql = {"CREATE TABLE public.t" + std::to_string(i) + " (" + std::string(200, 'x') + " int)"};
    s.rollback_sql = {"DROP TABLE public.t" + std::to_string(i)};
    plan.steps.push_back(s);
  }
  std::string md = Markdown(plan, {});
  EXPECT_LT(md.size(), 65536u);
  EXPECT_NE(md.find("too long for a comment"), std::string::npos);
  EXPECT_NE(md.find("… and 100 more steps"), std::string::npos);
  EXPECT_NE(md.find("too many to draw here"), std::string::npos);
  EXPECT_EQ(Count(md, "```mermaid"), 0u);
}

TEST(EmitRegistry, EveryFormatNameParsesAndRenders) {
  EXPECT_EQ(FormatNames(), (std::vector<std::string>{"text", "sql", "json", "markdown", "dot"}));
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
