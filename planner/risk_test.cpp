#include "planner/risk.h"

#include <gtest/gtest.h>

#include "diff/differ.h"
#include "planner/planner.h"
#include "planner/postgres/lower_online.h"

namespace keel::planner {
namespace {

using model::Catalog;
using model::Column;
using model::QualifiedName;
using model::Table;

Catalog WithTable(int64_t rows, int64_t bytes, double writes) {
  Catalog c;
  Table t;
  t.name = {"public", "t"};
  t.columns = {Column{.name = "id", .type = "bigint", .not_null = true}};
  t.constraints = {
      {.name = "t_pkey", .kind = model::ConstraintKind::kPrimaryKey, .columns = {"id"}}};
  t.est_rows = rows;
  t.total_bytes = bytes;
  t.writes_per_second = writes;
  c.tables[t.name] = t;
  return c;
}

Step OnT(LockLevel lock, std::vector<Hazard> hazards) {
  Step s;
  s.lock = lock;
  s.lock_table = "public.t";
  s.hazards = std::move(hazards);
  return s;
}

TEST(Risk, RewriteOfALargeBusyTableUnderLockIsHigh) {
  Catalog c = WithTable(10'000'000, 5'000'000'000, 500);
  Step s = OnT(LockLevel::kAccessExclusive,
               {{HazardCode::kAccessExclusiveLock, ""}, {HazardCode::kTableRewrite, ""}});
  ScoreRisk(s, &c.tables.begin()->second, {});
  // 5 GB at 50 MB/s: 100 s of blocked writes.
  EXPECT_NEAR(s.risk.blocking_seconds, 100, 1);
  EXPECT_EQ(s.risk.score, 100);  // 40 + 55 + 13, capped
  ASSERT_GE(s.risk.factors.size(), 3u);
  EXPECT_EQ(s.risk.factors[0], "hazard table-rewrite (high): +40");
  EXPECT_EQ(s.risk.factors[2], "blocks writes for about 100.0 s (ACCESS EXCLUSIVE): +55");
  EXPECT_EQ(s.risk.factors[3], "busy table: 500 writes/s queue behind the lock: +13");
}

TEST(Risk, ConcurrentBuildDoesNotBlockAndScoresLowerThanAPlainOne) {
  Catalog c = WithTable(10'000'000, 4'000'000'000, 500);
  Step online = OnT(LockLevel::kShareUpdateExclusive, {{HazardCode::kIndexBuild, ""}});
  Step plain = OnT(LockLevel::kShare, {{HazardCode::kIndexBuild, ""}});
  ScoreRisk(online, &c.tables.begin()->second, {});
  ScoreRisk(plain, &c.tables.begin()->second, {});
  EXPECT_EQ(online.risk.blocking_seconds, 0);
  EXPECT_NEAR(online.risk.estimated_seconds, 100, 1);
  EXPECT_EQ(online.risk.score, 10 + 5);  // low hazard, long but not blocking
  EXPECT_NEAR(plain.risk.blocking_seconds, 100, 1);
  EXPECT_GT(plain.risk.score, online.risk.score + 40);
}

TEST(Risk, UnknownSizeIsSaidAndCounted) {
  Catalog c = WithTable(-1, -1, -1);
  Step s = OnT(LockLevel::kShareUpdateExclusive, {{HazardCode::kValidatesData, ""}});
  ScoreRisk(s, &c.tables.begin()->second, {});
  EXPECT_EQ(s.risk.score, 20);
  EXPECT_EQ(s.risk.factors.back(),
            "size of public.t unknown (no live statistics): +10, duration not estimated");
}

TEST(Risk, BackfillDurationCountsBatchesAndPauses) {
  Catalog c = WithTable(1'000'000, 100'000'000, 0);
  Step s = OnT(LockLevel::kRowExclusive, {{HazardCode::kBackfill, ""}});
  PlanSettings settings;
  settings.batch_size = 1000;
  settings.batch_pause_ms = 100;
  ScoreRisk(s, &c.tables.begin()->second, settings);
  // 1M rows at 20k rows/s = 50 s, plus 1000 pauses of 100 ms.
  EXPECT_NEAR(s.risk.estimated_seconds, 150, 0.01);
  EXPECT_EQ(s.risk.blocking_seconds, 0);
}

TEST(Risk, DataLossDominates) {
  Catalog c = WithTable(10, 8192, 0);
  Step s = OnT(LockLevel::kAccessExclusive, {{HazardCode::kDataLoss, ""}});
  s.reversibility = Reversibility::kLossy;
  ScoreRisk(s, &c.tables.begin()->second, {});
  EXPECT_EQ(s.risk.score, 75);
}

TEST(Online, VolatileDefaultsAreRecognized) {
  Catalog c;
  model::Function f;
  f.name = {"public", "next_code"};
  f.volatility = 'v';
  c.functions[{f.name, ""}] = f;
  model::Function g = f;
  g.name = {"public", "today"};
  g.volatility = 's';
  c.functions[{g.name, ""}] = g;
  auto volatile_ = [&](const std::string& key) {
    return postgres::IsVolatile(model::Expr{key, key}, c);
  };
  EXPECT_TRUE(volatile_("gen_random_uuid()"));
  EXPECT_TRUE(volatile_("(random() * 10)"));
  EXPECT_TRUE(volatile_("nextval('s')"));
  EXPECT_TRUE(volatile_("next_code()"));
  EXPECT_FALSE(volatile_("today()"));
  EXPECT_FALSE(volatile_("now()"));
  EXPECT_FALSE(volatile_("'random()'"));  // a string, not a call
  EXPECT_FALSE(volatile_("0"));
}

TEST(Online, BatchKeyPrefersThePrimaryKeyThenUniqueNotNullColumns) {
  Catalog c = WithTable(1, 1, 0);
  Table& t = c.tables.begin()->second;
  EXPECT_EQ(postgres::BatchKey(t, c),
            (std::vector<std::pair<std::string, std::string>>{{"id", "bigint"}}));
  t.constraints.clear();
  EXPECT_TRUE(postgres::BatchKey(t, c).empty());
  model::Index unique;
  unique.name = {"public", "t_id"};
  unique.table = t.name;
  unique.unique = true;
  unique.keys = {{.expr = {"id", "id"}}};
  c.indexes[unique.name] = unique;
  EXPECT_EQ(postgres::BatchKey(t, c).size(), 1u);
  t.columns[0].not_null = false;  // NULLs cannot be ordered past
  EXPECT_TRUE(postgres::BatchKey(t, c).empty());
}

}  // namespace
}  // namespace keel::planner
