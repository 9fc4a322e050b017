// keel lint as users run it: exit codes by severity, SARIF and JSON that validate, and schema
// context (--schema files, --db on the fixture's throwaway server) removing false positives.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/live_db.h"

namespace {

namespace fs = std::filesystem;

using Result = keel::testing::CommandResult;
using keel::testing::ReadFile;

class LintCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("keel-lint-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }

  Result Run(const std::string& command) {
    return keel::testing::RunShell("cd '" + dir_.string() + "' && " + command, dir_);
  }
  Result Keel(const std::string& args) { return Run(KEEL_BINARY " " + args); }

  fs::path dir_;
};

const std::string kTimeout = "SET lock_timeout = '2s';\n";

TEST_F(LintCliTest, ExitCodeFollowsTheWorstFinding) {
  Write("high.sql", kTimeout + "CREATE INDEX i ON t (a);\n");
  Write("medium.sql", kTimeout + "ALTER TABLE t RENAME COLUMN a TO b;\n");
  Write("low.sql", "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);\n");
  Write("clean.sql", "CREATE INDEX CONCURRENTLY i ON t (a);\n");
  Write("info.sql", kTimeout +
                        "-- keel-lint: ignore drop-table -- nothing to drop here\n"
                        "ALTER TABLE t ADD COLUMN c text;\n");
  EXPECT_EQ(Keel("lint high.sql").code, 11);
  EXPECT_EQ(Keel("lint medium.sql").code, 10);
  EXPECT_EQ(Keel("lint low.sql").code, 10);
  Result clean = Keel("lint clean.sql");
  EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
  EXPECT_EQ(clean.out, "no findings\n");
  Result info = Keel("lint info.sql");
  EXPECT_EQ(info.code, 0) << info.out;
  EXPECT_NE(info.out.find("info.sql:2:1: info unused-suppression"), std::string::npos) << info.out;
  EXPECT_EQ(Keel("lint info.sql --fail-on info").code, 10);
  EXPECT_EQ(Keel("lint medium.sql --fail-on high").code, 0);
  EXPECT_EQ(Keel("lint clean.sql high.sql").code, 11);
  // Run as one transaction (psql --single-transaction, most migration tools) it cannot work.
  EXPECT_EQ(Keel("lint clean.sql --in-transaction").code, 11);

  Result text = Keel("lint high.sql --no-color");
  EXPECT_EQ(text.out,
            "high.sql:2:1: high index-not-concurrent: CREATE INDEX i on public.t without "
            "CONCURRENTLY\n"
            "  why: CREATE INDEX without CONCURRENTLY holds a SHARE lock for the whole build: "
            "every INSERT, UPDATE and DELETE on the table waits.\n"
            "  fix: CREATE INDEX CONCURRENTLY, outside any transaction block; drop an INVALID "
            "leftover and retry if it fails.\n"
            "1 finding: 1 high\n");
}

TEST_F(LintCliTest, BadInputsAreUsageInputOrConnectErrors) {
  Write("bad.sql", "SELECT 1;\nALTER TABLE t ADD COLUMN ;\n");
  Result bad = Keel("lint bad.sql");
  EXPECT_EQ(bad.code, 6);
  EXPECT_EQ(bad.err.rfind("bad.sql:2:26: error: syntax error", 0), 0u) << bad.err;
  EXPECT_EQ(bad.out, "");
  Result format = Keel("lint bad.sql --format sarf");
  EXPECT_EQ(format.code, 5);
  EXPECT_NE(format.err.find("did you mean 'sarif'?"), std::string::npos) << format.err;
  EXPECT_EQ(Keel("lint").code, 5);
  EXPECT_EQ(Keel("lint missing.sql").code, 5);
  Result severity = Keel("lint bad.sql --fail-on hihg");
  EXPECT_EQ(severity.code, 5);
  EXPECT_NE(severity.err.find("did you mean 'high'?"), std::string::npos) << severity.err;
  Write("schema.sql", "CREATE TABLE t (a int);\n");
  EXPECT_EQ(Keel("lint bad.sql --schema schema.sql --db postgresql://127.0.0.1:1/x").code, 5);
  Write("ok.sql", "SELECT 1;\n");
  Result down = Keel("lint ok.sql --db 'postgresql://bob:pw@127.0.0.1:1/app'");
  EXPECT_EQ(down.code, 7) << down.err;
  EXPECT_EQ(down.err.find("pw@"), std::string::npos) << down.err;
}

TEST_F(LintCliTest, SarifAndJsonValidateAndAreDeterministic) {
  Write("migrations/001 add.sql",
        "ALTER TABLE users ADD COLUMN plan text NOT NULL;\n"
        "CREATE INDEX users_plan ON users (plan);\n");
  Write("migrations/002.sql", "CREATE TABLE t (id serial PRIMARY KEY, note varchar(20));\n");
  Result sarif = Keel("lint migrations --format sarif --out lint.sarif");
  EXPECT_EQ(sarif.code, 11) << sarif.err;
  std::string first = ReadFile((dir_ / "lint.sarif").string());
  EXPECT_NE(first.find("\"uri\": \"migrations/001%20add.sql\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"startLine\": 2"), std::string::npos);
  Result validate =
      Run("/usr/bin/python3 " KEEL_SOURCE_DIR "/tests/schema/validate_json.py " KEEL_SOURCE_DIR
          "/tests/schema/sarif-subset.schema.json lint.sarif");
  EXPECT_EQ(validate.code, 0) << validate.out << validate.err;
  Keel("lint migrations --format sarif --out again.sarif");
  EXPECT_EQ(ReadFile((dir_ / "again.sarif").string()), first);

  Result json = Keel("lint migrations --format json");
  EXPECT_EQ(json.code, 11);
  EXPECT_NE(json.out.find("\"code\": \"adding-not-null-column\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"highest\": \"high\""), std::string::npos) << json.out;
  std::ofstream(dir_ / "lint.json") << json.out;
  Result parses = Run("/usr/bin/python3 -c 'import json,sys; json.load(open(\"lint.json\"))'");
  EXPECT_EQ(parses.code, 0) << parses.err;
}

// The same files give findings without context and none with it: tables the schema lacks are
// new, varchar -> text does not rewrite, a validated check makes SET NOT NULL safe.
const char* kContextMigration =
    "CREATE INDEX coupons_code_idx ON coupons (code);\n"
    "ALTER TABLE coupons ADD CONSTRAINT coupons_owner_fk FOREIGN KEY (owner_id) REFERENCES "
    "users (id);\n"
    "SET lock_timeout = '2s';\n"
    "ALTER TABLE users ALTER COLUMN name TYPE text;\n"
    "ALTER TABLE users ALTER COLUMN age SET NOT NULL;\n";
const char* kContextSchema =
    "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(40), "
    "age integer, CONSTRAINT users_age_nn CHECK (age IS NOT NULL));\n";

TEST_F(LintCliTest, SchemaContextRemovesFalsePositives) {
  Write("m.sql", kContextMigration);
  Write("schema/users.sql", kContextSchema);
  Result bare = Keel("lint m.sql --format json");
  EXPECT_EQ(bare.code, 11);
  for (const char* code : {"index-not-concurrent", "constraint-without-not-valid",
                           "column-type-rewrite", "set-not-null", "missing-lock-timeout"})
    EXPECT_NE(bare.out.find(std::string("\"code\": \"") + code + "\""), std::string::npos)
        << code << bare.out;
  Result context = Keel("lint m.sql --schema schema/");
  EXPECT_EQ(context.code, 0) << context.out << context.err;
  EXPECT_EQ(context.out, "no findings\n");
}

// keel's own online plans are what the rules ask for: linted against the schema they start
// from, they give no finding (examples whose changes cannot avoid a hazard are left out).
TEST_F(LintCliTest, KeelPlansLintClean) {
  for (const char* example : {"busy-foreign-key", "required-column", "split-column"}) {
    const std::string dir = std::string(KEEL_SOURCE_DIR) + "/examples/" + example;
    Result plan =
        Keel("diff --from " + dir + "/v1 --to " + dir + "/v2 --format sql --out plan.sql");
    ASSERT_EQ(plan.code, 0) << plan.err;
    Result lint = Keel("lint plan.sql --schema " + dir + "/v1");
    EXPECT_EQ(lint.code, 0) << example << "\n" << lint.out << lint.err;
    EXPECT_EQ(lint.out, "no findings\n") << example;
  }
}

TEST_F(LintCliTest, LiveDatabaseContextAndTableSizes) {
  KEEL_REQUIRE_SERVER();
  keel::testing::ScratchDatabase db("keel_lint");
  std::string output;
  ASSERT_EQ(db.RunSql(std::string(kContextSchema) +
                          "CREATE TABLE events (id bigint, at timestamptz);\n"
                          "INSERT INTO events SELECT g, now() FROM generate_series(1, 50) g;\n"
                          "ANALYZE events;\n",
                      &output),
            0)
      << output;
  Write("m.sql", kContextMigration);
  Result live = Keel("lint m.sql --db '" + db.conninfo() + "'");
  EXPECT_EQ(live.code, 0) << live.out << live.err;
  EXPECT_EQ(live.out, "no findings\n");

  // A tiny table: the index build and the NOT NULL scan take milliseconds, so info.
  Write("tiny.sql", kTimeout +
                        "CREATE INDEX events_at ON events (at);\n"
                        "ALTER TABLE events ALTER COLUMN at SET NOT NULL;\n");
  Result bare = Keel("lint tiny.sql");
  EXPECT_EQ(bare.code, 11) << bare.out;
  Result tiny = Keel("lint tiny.sql --no-color --db '" + db.conninfo() + "'");
  EXPECT_EQ(tiny.code, 0) << tiny.out << tiny.err;
  EXPECT_NE(tiny.out.find("tiny.sql:2:1: info index-not-concurrent"), std::string::npos)
      << tiny.out;
  EXPECT_NE(tiny.out.find("tiny.sql:3:1: info set-not-null"), std::string::npos) << tiny.out;
  EXPECT_NE(tiny.out.find("2 findings: 2 info"), std::string::npos) << tiny.out;
}

}  // namespace
