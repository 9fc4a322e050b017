#include "apply/saved_plan.h"

#include <gtest/gtest.h>

#include "emit/emit.h"

namespace keel::apply {
namespace {

planner::Plan SamplePlan() {
  planner::Plan plan;
  plan.settings = {1500, 30000, 250, 20};
  plan.fingerprint = "fnv1a64:0123456789abcdef";
  plan.desired_sql = "CREATE TABLE public.t (id bigint PRIMARY KEY, \"note\" text);\n";
  planner::Step add;
  add.id = 1;
  add.object = "column:public.t.note";
  add.description = "add column public.t.note";
  add.sql = {"ALTER TABLE public.t ADD COLUMN note text"};
  add.rollback_sql = {"ALTER TABLE public.t DROP COLUMN note"};
  add.lock_table = "public.t";
  add.hazards = {{planner::HazardCode::kAccessExclusiveLock, "on public.t"}};
  add.risk = {12, 0.5, 0.25, {"a \"quoted\" factor", "tab\there"}};
  add.expect_empty = {"SELECT id FROM public.t WHERE note = ''"};
  planner::Step fill;
  fill.id = 2;
  fill.object = "column:public.t.note";
  fill.description = "backfill public.t.note";
  fill.transactional = false;
  fill.lock = planner::LockLevel::kRowExclusive;
  fill.phase = planner::Phase::kBackfill;
  fill.statement_timeout_ms = 0;
  fill.reversibility = planner::Reversibility::kLossy;
  fill.rollback_note = "values are not restored";
  fill.before_retry = {"SELECT 1"};
  fill.backfill = planner::Backfill{"public.t", "note", "'x'", "note IS NULL", {{"id", "bigint"}}};
  fill.hazards = {{planner::HazardCode::kBackfill, "updates note in every row"}};
  plan.steps = {add, fill};
  plan.edges = {{1, 2, "needs column:public.t.note"}};
  return plan;
}

TEST(SavedPlan, JsonRoundTripsEveryField) {
  const std::string json = emit::Json(SamplePlan(), {.from_label = "db", .to_label = "schema/"});
  std::string error;
  auto saved = ParsePlan(json, &error);
  ASSERT_TRUE(saved) << error;
  EXPECT_EQ(saved->from, "db");
  EXPECT_EQ(saved->to, "schema/");
  EXPECT_EQ(saved->plan.fingerprint, "fnv1a64:0123456789abcdef");
  ASSERT_EQ(saved->plan.steps.size(), 2u);
  EXPECT_TRUE(saved->plan.steps[1].backfill.has_value());
  EXPECT_EQ(saved->plan.steps[1].lock, planner::LockLevel::kRowExclusive);
  EXPECT_EQ(saved->plan.steps[0].expect_empty, SamplePlan().steps[0].expect_empty);
  EXPECT_TRUE(saved->plan.steps[1].expect_empty.empty());
  EXPECT_EQ(emit::Json(saved->plan, {.from_label = "db", .to_label = "schema/"}), json);
  EXPECT_EQ(saved->hash.rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(saved->hash.size(), 8u + 16u);
}

TEST(SavedPlan, HashFollowsTheBytes) {
  const std::string json = emit::Json(SamplePlan(), {});
  std::string error;
  auto a = ParsePlan(json, &error);
  auto b = ParsePlan(json + "\n", &error);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->hash, b->hash);
}

TEST(SavedPlan, NamesTheBadField) {
  std::string json = emit::Json(SamplePlan(), {});
  std::string error;
  std::string bad_lock = json;
  bad_lock.replace(bad_lock.find("\"ACCESS EXCLUSIVE\""), 18, "\"SOME LOCK\"");
  EXPECT_FALSE(ParsePlan(bad_lock, &error));
  EXPECT_EQ(error, "steps[0].lock: unknown lock 'SOME LOCK'");
  std::string bad_hazard = json;
  bad_hazard.replace(bad_hazard.find("\"backfill\", \"severity\""), 10, "\"whatever\"");
  EXPECT_FALSE(ParsePlan(bad_hazard, &error));
  EXPECT_EQ(error, "steps[1].hazards[0].code: unknown hazard 'whatever'");
  EXPECT_FALSE(ParsePlan("{\"format\": \"keel.plan/v9\"}", &error));
  EXPECT_NE(error.find("keel.plan/v1"), std::string::npos);
  EXPECT_FALSE(ParsePlan("{not json", &error));
  EXPECT_EQ(error.rfind("not JSON", 0), 0u);
  EXPECT_FALSE(ParsePlan("{\"format\": \"keel.plan/v1\", \"from\": \"a\"}", &error));
  EXPECT_EQ(error, "to: missing");
}

}  // namespace
}  // namespace keel::apply
