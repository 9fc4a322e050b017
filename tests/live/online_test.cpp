// Online patterns on populated tables, run step by step by the executor on a real server: the
// plan converges, backfills fill every row, the rollback returns the original schema, and
// --verify catches what does not converge.
#include <gtest/gtest.h>

#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "apply/executor.h"
#include "apply/journal.h"
#include "apply/runner.h"
#include "cli/cli.h"
#include "cli/verify.h"
#include "diff/differ.h"
#include "introspect/postgres/introspect.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"
#include "planner/planner.h"
#include "tests/support/live_db.h"

namespace keel {
namespace {

model::Catalog Parse(const std::string& sql) {
  auto result = parser::postgres::ParseFiles({{"desired.sql", sql}});
  EXPECT_TRUE(result.ok());
  model::Normalize(result.catalog);
  return result.catalog;
}

model::Catalog Live(const testing::ScratchDatabase& db) {
  pqxx::connection conn(db.conninfo());
  model::Catalog c = introspect::postgres::Introspect(conn);
  model::Normalize(c);
  return c;
}

planner::Plan PlanTo(const testing::ScratchDatabase& db, const model::Catalog& to,
                     planner::PlanSettings settings = {}) {
  model::Catalog from = Live(db);
  auto result = planner::BuildPlan(diff::Diff(from, to), from, to, settings);
  EXPECT_EQ(result.error, "");
  return result.plan;
}

std::string Describe(const std::vector<apply::StepOutcome>& outcomes) {
  std::string out;
  for (const auto& o : outcomes)
    if (!o.ok) out += "step " + std::to_string(o.step) + ": " + o.error + "\n";
  return out;
}

// Applies `plan` the way keel apply does (journal, client-driven backfill batches); the error,
// or empty.
std::string ApplyJournaled(pqxx::connection& conn, const planner::Plan& plan) {
  apply::Journal journal(conn);
  journal.Ensure();
  std::vector<std::pair<int, std::string>> steps;
  for (const auto& s : plan.steps) steps.emplace_back(s.id, s.description);
  long id = journal.Begin("test", "", "{}", steps, "running");
  auto outcome = apply::RunJournaled(conn, journal, id, plan, {});
  return outcome.ok ? "" : outcome.error;
}

const char* kCurrent = R"(
CREATE TABLE parent (id bigint PRIMARY KEY);
CREATE TABLE items (id bigint, code text, parent_id bigint, qty integer);
CREATE TABLE log (line text);
CREATE INDEX items_qty ON items (qty);
)";

const char* kDesired = R"(
CREATE TABLE parent (id bigint PRIMARY KEY);
CREATE TABLE items (
  id bigint PRIMARY KEY,
  code text NOT NULL UNIQUE,
  parent_id bigint REFERENCES parent (id),
  qty integer CHECK (qty >= 0),
  token uuid NOT NULL DEFAULT gen_random_uuid()
);
CREATE TABLE log (line text, at timestamptz NOT NULL DEFAULT clock_timestamp());
CREATE INDEX items_qty ON items (qty DESC);
)";

TEST(Online, PatternsConvergeOnPopulatedTablesAndRollBack) {
  KEEL_REQUIRE_SERVER();
  testing::ScratchDatabase db("keel_online");
  ASSERT_EQ(db.RunSql(std::string(kCurrent) + R"(
    INSERT INTO parent SELECT g FROM generate_series(1, 100) g;
    INSERT INTO items SELECT g, 'c' || g, g % 100 + 1, g % 7 FROM generate_series(1, 2500) g;
    INSERT INTO log SELECT 'l' || g FROM generate_series(1, 1200) g;
    ANALYZE;)"),
            0);
  const model::Catalog before = Live(db);
  planner::PlanSettings settings;
  settings.batch_size = 300;  // several batches per table
  settings.batch_pause_ms = 0;
  planner::Plan plan = PlanTo(db, Parse(kDesired), settings);

  // The long parts never run under a lock that blocks writes.
  int backfills = 0;
  for (const auto& s : plan.steps) {
    if (s.backfill) ++backfills;
    for (const auto& sql : s.sql)
      if (sql.find("VALIDATE CONSTRAINT") != std::string::npos) {
        EXPECT_TRUE(s.own_transaction);
      }
    // Live statistics reach the risk model: sizes are known, durations estimated.
    if (s.backfill) {
      EXPECT_GT(s.risk.estimated_seconds, 0);
      EXPECT_NE(s.risk.factors.back().find("00 rows, "), std::string::npos)
          << s.risk.factors.back();
    }
  }
  EXPECT_EQ(backfills, 2);
  EXPECT_GT(plan.risk(), 0);

  pqxx::connection conn(db.conninfo());
  auto outcomes = apply::RunPlan(conn, plan);
  ASSERT_EQ(outcomes.size(), plan.steps.size()) << Describe(outcomes);
  EXPECT_TRUE(PlanTo(db, Parse(kDesired)).empty());
  pqxx::work tx(conn);
  EXPECT_EQ(tx.exec1("SELECT count(DISTINCT token) FROM items")[0].as<int>(), 2500);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM log WHERE at IS NOT NULL")[0].as<int>(), 1200);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_index WHERE NOT indisvalid")[0].as<int>(), 0);
  tx.commit();

  // The rollback steps, in reverse order, give back the original schema.
  const planner::Plan rollback = planner::RollbackPlan(plan);
  outcomes = apply::RunPlan(conn, rollback);
  ASSERT_EQ(outcomes.size(), rollback.steps.size()) << Describe(outcomes);
  model::Catalog after = Live(db);
  auto left = diff::Diff(after, before);
  std::string described;
  for (const auto& c : left) described += diff::Describe(c) + "\n";
  EXPECT_TRUE(left.empty()) << described;
}

// Column type changes through a new column (ChangeColumnTypeOnline): values survive, writes
// made between the steps reach the new column, the column ends with the new type and its
// indexes under their own names, the plan converges, and its rollback restores the old schema
// and values. `journaled` runs the plan through keel apply's runner (batches driven by the
// client) instead of step by step with the SQL of each step (the backfill's DO block).
const char* kTypeCurrent = R"(
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE acct (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0, code text, m mood);
CREATE UNIQUE INDEX acct_code ON acct (code);
CREATE INDEX acct_n ON acct (n);
CREATE TABLE heap (v integer, w text);
CREATE TABLE keyed (id integer PRIMARY KEY, code text CONSTRAINT keyed_code_key UNIQUE);
)";

const char* kTypeDesired = R"(
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE acct (id integer PRIMARY KEY, n bigint NOT NULL DEFAULT 0, code integer, m text);
CREATE UNIQUE INDEX acct_code ON acct (code);
CREATE INDEX acct_n ON acct (n);
CREATE TABLE heap (v bigint, w text);
CREATE TABLE keyed (id bigint PRIMARY KEY, code integer CONSTRAINT keyed_code_key UNIQUE);
)";

// Rows whose values differ from the ones the test wrote (n is id * 10, plus 1 for the first 100
// rows when `updated`).
int WrongRows(pqxx::connection& conn, bool updated) {
  pqxx::nontransaction tx(conn);
  return tx.exec1("SELECT count(*) FROM acct WHERE id <= 2500 AND (n::bigint <> id * 10 + " +
                  std::string(updated ? "(id <= 100)::int" : "0") +
                  " OR code::text <> id::text OR m::text <> CASE WHEN id % 2 = 0 THEN 'sad' ELSE "
                  "'happy' END)")[0]
             .as<int>() +
         tx.exec1("SELECT count(*) FROM heap WHERE v::bigint <> length(w) * 3")[0].as<int>() +
         tx.exec1("SELECT count(*) FROM keyed WHERE code::text <> (id * 2)::text")[0].as<int>();
}

void TypeChangeOnAPopulatedTable(bool journaled) {
  testing::ScratchDatabase db("keel_online");
  ASSERT_EQ(db.RunSql(std::string(kTypeCurrent) + R"(
    INSERT INTO acct SELECT g, g * 10, g::text, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::mood
      FROM generate_series(1, 2500) g;
    INSERT INTO heap SELECT g * 3, repeat('x', g) FROM generate_series(1, 700) g;
    INSERT INTO keyed SELECT g, (g * 2)::text FROM generate_series(1, 900) g;
    ANALYZE;)"),
            0);
  const model::Catalog before = Live(db);
  planner::PlanSettings settings;
  settings.batch_size = 300;
  settings.batch_pause_ms = 0;
  planner::Plan plan = PlanTo(db, Parse(kTypeDesired), settings);

  // No step rewrites the table; every column goes through a swap.
  int swaps = 0, backfills = 0;
  for (const auto& s : plan.steps) {
    if (s.description.rfind("swap ", 0) == 0) {
      ++swaps;
      EXPECT_TRUE(s.own_transaction) << s.description;
    }
    if (s.backfill) ++backfills;
    for (const auto& h : s.hazards) EXPECT_NE(h.code, planner::HazardCode::kTableRewrite);
  }
  EXPECT_EQ(swaps, 6);
  EXPECT_EQ(backfills, 6);

  pqxx::connection conn(db.conninfo());
  if (journaled) {
    ASSERT_EQ(ApplyJournaled(conn, plan), "");
  } else {
    // The application writes between the steps: once the sync triggers exist, before the
    // backfills; and after the swaps, with the new types, leaving out the old column.
    bool wrote_synced = false;
    for (const auto& s : plan.steps) {
      auto outcome = apply::RunStep(conn, s, settings);
      ASSERT_TRUE(outcome.ok) << "step " << s.id << " (" << s.description << "): " << outcome.error;
      if (!wrote_synced && s.phase == planner::Phase::kExpand &&
          plan.steps[s.id].phase != planner::Phase::kExpand) {
        ASSERT_EQ(
            db.RunSql("UPDATE acct SET n = n + 1 WHERE id <= 100;"
                      "INSERT INTO acct (id, n, code, m) VALUES (100001, 7, '424242', 'sad');"),
            0);
        wrote_synced = true;
      }
    }
    EXPECT_TRUE(wrote_synced);
    std::string output;
    ASSERT_EQ(db.RunSql("INSERT INTO acct (id, code, m) VALUES (100002, 999999, 'happy');"
                        "UPDATE acct SET n = 5000000000 WHERE id = 100002;",
                        &output),
              0)
        << output;
  }
  EXPECT_TRUE(PlanTo(db, Parse(kTypeDesired)).empty());
  EXPECT_EQ(WrongRows(conn, !journaled), 0);
  {
    pqxx::nontransaction tx(conn);
    EXPECT_EQ(tx.exec1("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid "
                       "= 'acct'::regclass AND attname = 'n'")[0]
                  .as<std::string>(),
              "bigint");
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_index WHERE indisvalid AND indexrelid IN "
                       "('acct_code'::regclass, 'acct_n'::regclass, 'keyed_pkey'::regclass, "
                       "'keyed_code_key'::regclass)")[0]
                  .as<int>(),
              4);
    // No helper column, trigger or function is left.
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_attribute WHERE attname LIKE '%keel%' AND NOT "
                       "attisdropped AND attrelid IN ('acct'::regclass, 'heap'::regclass, "
                       "'keyed'::regclass)")[0]
                  .as<int>(),
              0);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                       "WHERE p.proname LIKE '%keel%'")[0]
                      .as<int>() +
                  tx.exec1("SELECT count(*) FROM pg_proc WHERE proname LIKE '%keel%'")[0].as<int>(),
              0);
    if (!journaled) {
      EXPECT_EQ(tx.exec1("SELECT n || ' ' || code || ' ' || m FROM acct WHERE id = 100001")[0]
                    .as<std::string>(),
                "7 424242 sad");
      EXPECT_EQ(tx.exec1("SELECT n FROM acct WHERE id = 100002")[0].as<int64_t>(), 5000000000);
      // Rows the old type cannot hold would make the undo fail: that one goes first.
      tx.exec0("DELETE FROM acct WHERE id = 100002");
    }
  }

  const planner::Plan rollback = planner::RollbackPlan(plan);
  auto outcomes = apply::RunPlan(conn, rollback);
  ASSERT_EQ(outcomes.size(), rollback.steps.size()) << Describe(outcomes);
  auto left = diff::Diff(Live(db), before);
  std::string described;
  for (const auto& c : left) described += diff::Describe(c) + "\n";
  EXPECT_TRUE(left.empty()) << described;
  EXPECT_EQ(WrongRows(conn, !journaled), 0);
}

TEST(Online, TypeChangeThroughANewColumnStepByStepKeepsValuesAndRollsBack) {
  KEEL_REQUIRE_SERVER();
  TypeChangeOnAPopulatedTable(false);
}

TEST(Online, TypeChangeThroughANewColumnWithKeelApplyKeepsValuesAndRollsBack) {
  KEEL_REQUIRE_SERVER();
  TypeChangeOnAPopulatedTable(true);
}

// Rows inserted while a backfill runs get the column's default; the backfill must stop at the
// last key it saw when it began, or a steady stream of inserts keeps it going forever (found by
// bench/online: pgbench's inserts at 200/s never let the loop end). Checked for the DO block of
// the SQL script and for keel apply's batch runner.
void BackfillOfAGrowingTable(bool journaled) {
  testing::ScratchDatabase db("keel_online");
  ASSERT_EQ(db.RunSql("CREATE TABLE t (id bigint PRIMARY KEY);"
                      "INSERT INTO t SELECT g FROM generate_series(1, 50) g;"),
            0);
  planner::PlanSettings settings;
  settings.batch_size = 10;
  settings.batch_pause_ms = 0;
  planner::Plan plan = PlanTo(db,
                              Parse("CREATE TABLE t (id bigint PRIMARY KEY, token uuid NOT NULL "
                                    "DEFAULT gen_random_uuid());"),
                              settings);
  // The "application": every batch's UPDATE adds a row past the end (capped, so that a loop
  // which never ends still ends the test).
  ASSERT_EQ(db.RunSql("CREATE FUNCTION grow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                      "IF (SELECT count(*) FROM t) < 500 THEN "
                      "INSERT INTO t (id) SELECT max(id) + 1 FROM t; END IF; RETURN NULL; END $$;"
                      "CREATE TRIGGER grow AFTER UPDATE ON t FOR EACH STATEMENT "
                      "EXECUTE FUNCTION grow();"),
            0);
  pqxx::connection conn(db.conninfo());
  if (journaled) {
    ASSERT_EQ(ApplyJournaled(conn, plan), "");
  } else {
    ASSERT_EQ(Describe(apply::RunPlan(conn, plan)), "");
  }
  pqxx::nontransaction tx(conn);
  // The 5 batches over the 50 rows there were and the empty one that ends the loop each add a
  // row; a loop without the bound would chase the new rows up to the cap of 500.
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM t")[0].as<int>(), 56);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM t WHERE token IS NULL")[0].as<int>(), 0);
}

TEST(Online, BackfillBlockStopsAtTheLastKeyItSawWhileRowsKeepArriving) {
  KEEL_REQUIRE_SERVER();
  BackfillOfAGrowingTable(false);
}

TEST(Online, ApplyBackfillStopsAtTheLastKeyItSawWhileRowsKeepArriving) {
  KEEL_REQUIRE_SERVER();
  BackfillOfAGrowingTable(true);
}

TEST(Online, ExecutorRunsABackfillBlockOutsideATransaction) {
  KEEL_REQUIRE_SERVER();
  testing::ScratchDatabase db("keel_online");
  ASSERT_EQ(db.RunSql("CREATE TABLE t (a integer, b integer);"
                      "INSERT INTO t SELECT g FROM generate_series(1, 50) g;"),
            0);
  planner::Step step;
  step.id = 1;
  step.transactional = false;
  // COMMIT inside a DO block only works outside an explicit transaction.
  step.sql = {"DO $$ BEGIN UPDATE t SET b = a; COMMIT; END $$"};
  pqxx::connection conn(db.conninfo());
  auto outcome = apply::RunStep(conn, step, {});
  EXPECT_TRUE(outcome.ok) << outcome.error;
  step.transactional = true;
  outcome = apply::RunStep(conn, step, {});
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.error.find("invalid transaction termination"), std::string::npos)
      << outcome.error;
}

TEST(Verify, ReportsAPlanThatDoesNotReachTheDesiredSchema) {
  KEEL_REQUIRE_SERVER();
  model::Catalog from = Parse("CREATE TABLE a (id integer);");
  model::Catalog to = Parse("CREATE TABLE a (id integer); CREATE TABLE b (id integer);");
  auto full = planner::BuildPlan(diff::Diff(from, to), from, to).plan;
  std::ostringstream err;
  EXPECT_EQ(cli::VerifyPlan(testing::ServerConninfo(), from, to, full, {}, true, err), 0)
      << err.str();

  planner::Plan nothing;  // misses the new table
  err.str("");
  EXPECT_EQ(cli::VerifyPlan(testing::ServerConninfo(), from, to, nothing, {}, true, err), 3);
  EXPECT_NE(err.str().find("create table public.b"), std::string::npos) << err.str();

  planner::Plan failing = full;
  failing.steps.front().sql = {"SELECT 1/0"};
  err.str("");
  EXPECT_EQ(cli::VerifyPlan(testing::ServerConninfo(), from, to, failing, {}, true, err), 2);
  EXPECT_NE(err.str().find("step 1 (create table public.b) failed: ERROR:  division by zero"),
            std::string::npos)
      << err.str();
}

TEST(Verify, CliVerifiesOnAThrowawayServerOrAgainstTheLiveSide) {
  KEEL_REQUIRE_SERVER();
  testing::ScratchDatabase db("keel_online");
  ASSERT_EQ(db.RunSql(kCurrent), 0);
  std::ostringstream out, err;
  std::string current = ::testing::TempDir() + "/online_current.sql";
  std::string desired = ::testing::TempDir() + "/online_desired.sql";
  {
    std::ofstream(current) << kCurrent;
    std::ofstream(desired) << kDesired;
  }
  // No live side and no --shadow: keel checks the plan on a throwaway server of its own.
  EXPECT_EQ(cli::Main({"diff", "--from", current, "--to", desired, "--verify"}, out, err), 0)
      << err.str();
  EXPECT_NE(err.str().find("starting a throwaway PostgreSQL"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("keel: verified"), std::string::npos) << err.str();
  err.str("");
  err.str("");
  EXPECT_EQ(cli::Main({"plan", "--schema", desired, "--db", db.conninfo(), "--verify"}, out, err),
            0)
      << err.str();
  EXPECT_NE(err.str().find("keel: verified"), std::string::npos) << err.str();
  // Nothing was applied to the database itself.
  EXPECT_FALSE(PlanTo(db, Parse(kDesired)).empty());
}

}  // namespace
}  // namespace keel
