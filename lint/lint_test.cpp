#include "lint/lint.h"

#include <gtest/gtest.h>

#include <fstream>

#include "lint/report.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"

namespace keel::lint {
namespace {

using planner::Severity;

// "code@line" of every finding, in order.
std::vector<std::string> Codes(const std::string& sql, const Options& options = {}) {
  Result r = Lint({{"m.sql", sql}}, options);
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0].Render());
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(std::string(planner::Info(f.code).id) + "@" + std::to_string(f.loc.line));
  return out;
}

model::Catalog Schema(const std::string& sql) {
  auto parsed = parser::postgres::ParseFiles({{"schema.sql", sql}});
  EXPECT_TRUE(parsed.ok());
  model::Normalize(parsed.catalog);
  return parsed.catalog;
}

using V = std::vector<std::string>;
const std::string kTimeout = "SET lock_timeout = '2s';\n";

TEST(Lint, EveryRuleHasAnIdExplanationAndFix) {
  EXPECT_GE(Rules().size(), 30u);
  for (auto code : Rules()) {
    const auto& info = planner::Info(code);
    EXPECT_FALSE(info.id.empty());
    EXPECT_FALSE(info.explanation.empty()) << info.id;
    EXPECT_FALSE(info.mitigation.empty()) << info.id;
    EXPECT_EQ(planner::FindHazard(info.id), &info);
  }
  EXPECT_FALSE(IsRule(planner::HazardCode::kDataLoss));
}

// Plans carry only the planner's hazards, so docs/plan.schema.json lists exactly those.
TEST(Lint, PlanSchemaListsThePlannerHazardsAndNoLintRule) {
  std::ifstream in(std::string(KEEL_SOURCE_DIR) + "/docs/plan.schema.json");
  std::string schema((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(schema.empty());
  for (const auto& h : planner::AllHazards()) {
    bool listed = schema.find("\"" + std::string(h.id) + "\"") != std::string::npos;
    EXPECT_EQ(listed, !IsRule(h.code)) << h.id;
  }
}

// docs/concepts.md's hazard table names every planner hazard; docs/lint.md every lint rule.
TEST(Lint, DocsListEveryHazardAndRule) {
  auto read = [](const std::string& name) {
    std::ifstream in(std::string(KEEL_SOURCE_DIR) + "/docs/" + name);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  std::string concepts = read("concepts.md"), rules = read("lint.md");
  ASSERT_FALSE(concepts.empty());
  ASSERT_FALSE(rules.empty());
  for (const auto& h : planner::AllHazards()) {
    const std::string code = "`" + std::string(h.id) + "`";
    if (IsRule(h.code))
      EXPECT_NE(rules.find(code), std::string::npos) << h.id << " missing from docs/lint.md";
    else
      EXPECT_NE(concepts.find("| " + code + " | " + std::string(planner::SeverityName(h.severity))),
                std::string::npos)
          << h.id << " missing from docs/concepts.md's table, or with another severity";
  }
}

TEST(Lint, AddingNotNullColumnWithoutDefault) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN c integer NOT NULL;"),
            V{"adding-not-null-column@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN c integer NOT NULL DEFAULT 0;"), V{});
  EXPECT_EQ(Codes("CREATE TABLE t (id bigint);\nALTER TABLE t ADD COLUMN c integer NOT NULL;"),
            V{});
}

TEST(Lint, VolatileDefaultAndSerialRewrite) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid();"),
            V{"volatile-default@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN at timestamptz DEFAULT now();"), V{});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN n bigserial;"),
            (V{"volatile-default@2", "prefer-identity@2"}));
}

TEST(Lint, VolatileUserFunctionNeedsTheSchema) {
  auto schema = Schema(
      "CREATE TABLE t (id bigint);\n"
      "CREATE FUNCTION pick() RETURNS int LANGUAGE sql VOLATILE AS 'SELECT 1';");
  Options o;
  o.schema = &schema;
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN c int DEFAULT pick();", o),
            V{"volatile-default@2"});
}

TEST(Lint, GeneratedStoredColumn) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a * 2) STORED;"),
            V{"add-generated-column@2"});
}

TEST(Lint, IndexNeedsConcurrentlyOnlyOnExistingTables) {
  EXPECT_EQ(Codes(kTimeout + "CREATE INDEX i ON t (a);"), V{"index-not-concurrent@2"});
  EXPECT_EQ(Codes("CREATE INDEX CONCURRENTLY i ON t (a);"), V{});
  EXPECT_EQ(Codes("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);"), V{});
}

TEST(Lint, ConcurrentlyInsideATransactionFails) {
  EXPECT_EQ(Codes("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;"),
            V{"concurrently-in-transaction@2"});
  Options o;
  o.in_transaction = true;
  EXPECT_EQ(Codes("DROP INDEX CONCURRENTLY i;", o), V{"concurrently-in-transaction@1"});
  EXPECT_EQ(Codes("BEGIN;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);"), V{});
}

TEST(Lint, DropIndexNotConcurrent) {
  EXPECT_EQ(Codes(kTimeout + "DROP INDEX i;"), V{"drop-index-not-concurrent@2"});
  EXPECT_EQ(Codes("CREATE INDEX CONCURRENTLY i ON t (a);\nDROP INDEX i;"), V{});
}

TEST(Lint, ConstraintsWithoutNotValid) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);"),
            V{"constraint-without-not-valid@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES u (id);"),
            V{"constraint-without-not-valid@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n"
                             "ALTER TABLE t VALIDATE CONSTRAINT c;"),
            V{});
}

TEST(Lint, DomainConstraintsCheckEveryColumn) {
  EXPECT_EQ(Codes("ALTER DOMAIN email ADD CONSTRAINT at CHECK (VALUE LIKE '%@%');"),
            V{"constraint-without-not-valid@1"});
  EXPECT_EQ(Codes("ALTER DOMAIN email ADD CONSTRAINT at CHECK (VALUE LIKE '%@%') NOT VALID;\n"
                  "ALTER DOMAIN email VALIDATE CONSTRAINT at;"),
            V{});
  EXPECT_EQ(Codes("ALTER DOMAIN email SET NOT NULL;"), V{"set-not-null@1"});
  EXPECT_EQ(Codes("CREATE DOMAIN code AS text;\nALTER DOMAIN code SET NOT NULL;"), V{});
}

TEST(Lint, ValidateInTheSameTransaction) {
  EXPECT_EQ(Codes("BEGIN;\n" + kTimeout +
                  "ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\n"
                  "ALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;"),
            V{"validate-in-transaction@4"});
}

TEST(Lint, UniqueAndExclusionConstraints) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);"),
            V{"add-unique-constraint@2"});
  EXPECT_EQ(Codes("CREATE UNIQUE INDEX CONCURRENTLY u ON t (a);\n" + kTimeout +
                  "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX u;"),
            V{});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&);"),
            V{"add-exclusion-constraint@2"});
}

TEST(Lint, ColumnTypeChangeUsesTheSchemaToTellWidening) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN name TYPE text;"),
            V{"column-type-rewrite@2"});
  auto schema = Schema("CREATE TABLE t (name varchar(20), n int);");
  Options o;
  o.schema = &schema;
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN name TYPE text;", o), V{});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN name TYPE varchar(40);", o),
            V{"prefer-text@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN n TYPE bigint;", o),
            V{"column-type-rewrite@2"});
  // keel plan's own spelling of an in-place change.
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN name TYPE text USING name::text;", o),
            V{});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN name TYPE text USING lower(name);", o),
            V{"column-type-rewrite@2"});
}

TEST(Lint, SetNotNullNeedsAValidatedCheck) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ALTER COLUMN a SET NOT NULL;"), V{"set-not-null@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID;\n"
                             "ALTER TABLE t VALIDATE CONSTRAINT a_nn;\n"
                             "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
                             "ALTER TABLE t DROP CONSTRAINT a_nn;"),
            V{});
  // Not validated yet: the server still scans.
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID;\n"
                             "ALTER TABLE t ALTER COLUMN a SET NOT NULL;"),
            V{"set-not-null@3"});
}

TEST(Lint, RenamesAndDrops) {
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t RENAME COLUMN a TO b;"), V{"rename-column@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t RENAME TO u;"), V{"rename-table@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t DROP COLUMN a;"), V{"drop-column@2"});
  EXPECT_EQ(Codes(kTimeout + "DROP TABLE t;"), V{"drop-table@2"});
  EXPECT_EQ(Codes("DROP DATABASE prod;"), V{"drop-database@1"});
  EXPECT_EQ(Codes("CREATE TABLE tmp (a int);\nDROP TABLE tmp;"), V{});
}

TEST(Lint, LockTimeoutOncePerFile) {
  EXPECT_EQ(Codes("ALTER TABLE t ADD COLUMN a text;\nALTER TABLE t ADD COLUMN b text;"),
            V{"missing-lock-timeout@1"});
  EXPECT_EQ(Codes("SET lock_timeout = 0;\nALTER TABLE t ADD COLUMN a text;"),
            V{"missing-lock-timeout@2"});
  EXPECT_EQ(Codes("BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a text;\n"
                  "COMMIT;\nALTER TABLE t ADD COLUMN b text;"),
            V{"missing-lock-timeout@5"});
  EXPECT_EQ(Codes("SELECT set_config('lock_timeout', '2s', false);\n"
                  "ALTER TABLE t ADD COLUMN a text;"),
            V{});
}

TEST(Lint, TransactionNestingAndBackfillUnderLock) {
  EXPECT_EQ(Codes("BEGIN;\nBEGIN;\nCOMMIT;"), V{"transaction-nesting@2"});
  EXPECT_EQ(Codes("BEGIN;\n" + kTimeout +
                  "ALTER TABLE t ADD COLUMN a int;\nUPDATE t SET a = 0;\nCOMMIT;"),
            V{"backfill-under-lock@4"});
}

TEST(Lint, EnumValueRemoval) {
  EXPECT_EQ(Codes("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
                  "ALTER TYPE mood RENAME TO mood_old;\n"
                  "CREATE TYPE mood AS ENUM ('sad', 'happy');"),
            V{"enum-value-removal@3"});
  EXPECT_EQ(Codes("ALTER TYPE mood RENAME TO mood_old;\nCREATE TYPE mood AS ENUM ('a');"),
            V{"enum-value-removal@2"});
  auto schema = Schema("CREATE TYPE mood AS ENUM ('a', 'b');");
  Options o;
  o.schema = &schema;
  EXPECT_EQ(
      Codes("ALTER TYPE mood RENAME TO mood_old;\nCREATE TYPE mood AS ENUM ('a', 'b', 'c');", o),
      V{});
  EXPECT_EQ(Codes("DELETE FROM pg_enum WHERE enumlabel = 'x';"), V{"enum-value-removal@1"});
}

TEST(Lint, TypeChoices) {
  EXPECT_EQ(Codes("CREATE TABLE t (\n  id serial PRIMARY KEY,\n  name varchar(40),\n"
                  "  at timestamp,\n  doc json,\n  code char(2)\n);"),
            (V{"int-primary-key@2", "prefer-identity@2", "prefer-text@3", "prefer-timestamptz@4",
               "prefer-jsonb@5", "prefer-text@6"}));
  EXPECT_EQ(Codes("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n text, "
                  "at timestamptz, doc jsonb);"),
            V{});
  EXPECT_EQ(Codes("CREATE TABLE t (id int, PRIMARY KEY (id));"), V{"int-primary-key@1"});
}

TEST(Lint, RewriteCommands) {
  EXPECT_EQ(Codes(kTimeout + "VACUUM FULL t;"), V{"rewrite-command@2"});
  EXPECT_EQ(Codes(kTimeout + "CLUSTER t USING i;"), V{"rewrite-command@2"});
  EXPECT_EQ(Codes(kTimeout + "ALTER TABLE t SET LOGGED;"), V{"rewrite-command@2"});
  EXPECT_EQ(Codes("REINDEX INDEX i;"), V{"reindex-not-concurrent@1"});
  EXPECT_EQ(Codes("REINDEX INDEX CONCURRENTLY i;"), V{});
  EXPECT_EQ(Codes(kTimeout + "REFRESH MATERIALIZED VIEW totals;"), V{"refresh-not-concurrent@2"});
  EXPECT_EQ(Codes("REFRESH MATERIALIZED VIEW CONCURRENTLY totals;"), V{});
  EXPECT_EQ(Codes("CREATE MATERIALIZED VIEW v AS SELECT 1 AS a;\nREFRESH MATERIALIZED VIEW v;"),
            V{});
}

TEST(Lint, SuppressionsNeedAReasonAndAKnownCode) {
  EXPECT_EQ(Codes(kTimeout + "-- keel-lint: ignore drop-column -- column unused since v12\n"
                             "ALTER TABLE t DROP COLUMN a;"),
            V{});
  EXPECT_EQ(Codes(kTimeout + "-- keel-lint: ignore drop-column\nALTER TABLE t DROP COLUMN a;"),
            V{"suppression-without-reason@2"});
  EXPECT_EQ(
      Codes(kTimeout + "-- keel-lint: ignore drop-colum -- typo\nALTER TABLE t DROP COLUMN a;"),
      (V{"unknown-lint-code@2", "drop-column@3"}));
  EXPECT_EQ(
      Codes("-- keel-lint: ignore-file missing-lock-timeout -- applied by a tool that sets it\n"
            "ALTER TABLE t ADD COLUMN a text;"),
      V{});
  EXPECT_EQ(
      Codes(kTimeout + "-- keel-lint: ignore drop-table -- nothing\nALTER TABLE t ADD a text;"),
      V{"unused-suppression@2"});
  // Only the next statement is covered.
  EXPECT_EQ(Codes(kTimeout + "-- keel-lint: ignore drop-table -- archived\nDROP TABLE a;\n"
                             "DROP TABLE b;"),
            V{"drop-table@4"});
}

TEST(Lint, TableSizeSetsSeverity) {
  auto schema = Schema("CREATE TABLE small (a int);\nCREATE TABLE big (a int);");
  schema.tables[{"public", "small"}].est_rows = 10;
  schema.tables[{"public", "small"}].total_bytes = 16384;
  schema.tables[{"public", "big"}].est_rows = 50000000;
  schema.tables[{"public", "big"}].total_bytes = int64_t{8} << 30;
  Options o;
  o.schema = &schema;
  o.has_stats = true;
  Result r = Lint({{"m.sql", kTimeout + "CREATE INDEX ON small (a);\nDROP INDEX x;\n"
                                        "ALTER TABLE big ALTER COLUMN a SET NOT NULL;"}},
                  o);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].severity, Severity::kInfo);
  EXPECT_EQ(r.findings[1].severity, Severity::kHigh);
  EXPECT_EQ(*Highest(r), Severity::kHigh);
}

TEST(Lint, PartitionsAndTablesFromQueries) {
  auto schema = Schema(
      "CREATE TABLE m (at timestamptz NOT NULL, v int) PARTITION BY RANGE (at);\n"
      "CREATE TABLE a (id bigint, v int);\nCREATE UNIQUE INDEX a_id ON a (id);");
  Options o;
  o.schema = &schema;
  Result r = Lint({{"m.sql", kTimeout + "CREATE INDEX m_at ON m (at);"}}, o);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_NE(r.findings[0].message.find("ON ONLY the parent"), std::string::npos);
  EXPECT_EQ(
      Codes(kTimeout + "ALTER TABLE a ADD CONSTRAINT a_pkey PRIMARY KEY USING INDEX a_id;", o),
      V{"set-not-null@2"});
  EXPECT_EQ(Codes("BEGIN;\nALTER TABLE m DETACH PARTITION m1 CONCURRENTLY;\nCOMMIT;", o),
            (V{"concurrently-in-transaction@2", "missing-lock-timeout@2"}));
  EXPECT_EQ(Codes("CREATE TABLE s AS SELECT * FROM a;\nCREATE INDEX ON s (v);"), V{});
}

TEST(Lint, UnparsableFileGivesFileLineCol) {
  Result r = Lint({{"bad.sql", "SELECT 1;\nCREATE TABLE (;\n"}});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].loc.ToString(), "bad.sql:2:14");
}

TEST(Lint, SarifHasEveryRuleAndOneResultPerFinding) {
  Result r = Lint({{"dir/my file.sql", kTimeout + "DROP TABLE t;"}});
  std::string sarif = RenderSarif(r, "1.0");
  EXPECT_NE(sarif.find("\"version\": \"2.1.0\""), std::string::npos);
  EXPECT_NE(sarif.find("\"uri\": \"dir/my%20file.sql\""), std::string::npos);
  EXPECT_NE(sarif.find("\"ruleId\": \"drop-table\""), std::string::npos);
  EXPECT_NE(sarif.find("\"id\": \"prefer-jsonb\""), std::string::npos);
  EXPECT_EQ(RenderText(r, false).substr(0, 30), "dir/my file.sql:2:1: critical ");
}

}  // namespace
}  // namespace keel::lint
