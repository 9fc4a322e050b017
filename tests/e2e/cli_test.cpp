// The keel binary run as a user runs it: exit codes, messages, and plans that converge.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/live_db.h"

namespace {

namespace fs = std::filesystem;

using Result = keel::testing::CommandResult;
using keel::testing::ReadFile;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("keel-e2e-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // Runs keel with `args` (already shell-quoted where needed) from `cwd`.
  Result Keel(const std::string& args, const fs::path& cwd = {}) {
    return keel::testing::RunShell(
        "cd '" + (cwd.empty() ? dir_ : cwd).string() + "' && " KEEL_BINARY " " + args, dir_);
  }

  fs::path dir_;
};

const std::string kExamples = std::string(KEEL_SOURCE_DIR) + "/examples/shop";

TEST_F(CliTest, UnparsableSqlNamesFileLineAndColumnWithACaret) {
  Write("schema.sql", "CREATE TABLE t (\n  id integer,\n  name text,,\n);\n");
  Result r = Keel("diff --from schema.sql --to schema.sql");
  EXPECT_EQ(r.code, 6);
  EXPECT_EQ(r.err.rfind("schema.sql:3:13: error: syntax error at or near \",\"", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("\n  name text,,\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\n" + std::string(12, ' ') + "^"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(CliTest, UnsupportedStatementIsAnErrorNeverSkipped) {
  Write("schema.sql",
        "CREATE TABLE t (id integer);\n\nCREATE RULE r AS ON INSERT TO t DO NOTHING;\n");
  Result r = Keel("diff --from schema.sql --to schema.sql");
  EXPECT_EQ(r.code, 6);
  EXPECT_NE(r.err.find("schema.sql:3:1: error: unsupported statement"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("RULE"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnknownCommandAndOptionAreUsageErrorsWithSuggestions) {
  Result r = Keel("pln");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("did you mean 'plan'?"), std::string::npos) << r.err;
  r = Keel("plan --shema x.sql");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("did you mean '--schema'?"), std::string::npos) << r.err;
  r = Keel("diff --from nope.sql --to nope.sql");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("nope.sql"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnreachableDatabaseFailsFastWithoutThePassword) {
  Write("schema.sql", "CREATE TABLE t (id integer);\n");
  auto start = std::chrono::steady_clock::now();
  // Port 1 on loopback: nothing listens there.
  Result r = Keel("plan --schema schema.sql --db 'postgresql://alice:s3cr3t@127.0.0.1:1/app'");
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.code, 7) << r.err;
  EXPECT_LT(seconds, 10.0);
  EXPECT_NE(r.err.find("127.0.0.1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cr3t"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("s3cr3t"), std::string::npos);
}

TEST_F(CliTest, OfflineDiffIsDeterministicAcrossRunsAndFileSplits) {
  Result a = Keel("diff --from " + kExamples + "/v1 --to " + kExamples + "/v2 --format sql");
  Result b = Keel("diff --from " + kExamples + "/v1 --to " + kExamples + "/v2 --format sql");
  ASSERT_EQ(a.code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  // The same desired schema in one file, statements in another order.
  std::string v2 =
      ReadFile(kExamples + "/v2/02_orders.sql") + ReadFile(kExamples + "/v2/01_catalog.sql");
  Write("one/all.sql", v2);
  Result c = Keel("diff --from " + kExamples + "/v1 --to one --format sql");
  ASSERT_EQ(c.code, 0) << c.err;
  auto strip_labels = [](std::string s) {
    std::string out, line;
    std::istringstream in(s);
    while (std::getline(in, line))
      if (line.rfind("-- from:", 0) != 0 && line.rfind("-- to:", 0) != 0) out += line + "\n";
    return out;
  };
  EXPECT_EQ(strip_labels(a.out), strip_labels(c.out));
  EXPECT_EQ(Keel("diff --from " + kExamples + "/v2 --to one --exit-code").code, 0);
}

TEST_F(CliTest, DotFormatWritesTheDependencyGraph) {
  Write("current.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n");
  Write("desired.sql",
        "CREATE TABLE t (id integer PRIMARY KEY);\n"
        "CREATE TYPE mood AS ENUM ('ok');\n"
        "CREATE TABLE a (id integer PRIMARY KEY, t_id integer REFERENCES t, m mood);\n"
        "CREATE INDEX a_m ON a (m);\n");
  Result r = Keel("diff --from current.sql --to desired.sql --format dot");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "// keel plan: an edge goes from a step to one that must run after it\n"
      "// from: current.sql\n"
      "// to:   desired.sql\n"
      "digraph keel_plan {\n"
      "  node [shape=box, fontname=\"monospace\"];\n"
      "  s1 [label=\"1. create type public.mood\\nlock none\\ntransactional\"];\n"
      "  s2 [label=\"2. create table public.a\\nlock none\\ntransactional\"];\n"
      "  s3 [label=\"3. create index public.a_m\\nlock none\\ntransactional\"];\n"
      "  s4 [label=\"4. add constraint a_t_id_fkey on public.a\\nlock none\\ntransactional\"];\n"
      "  s1 -> s2 [label=\"needs type:public.mood\"];\n"
      "  s2 -> s3 [label=\"needs column:public.a.m\"];\n"
      "  s2 -> s4 [label=\"needs column:public.a.t_id\"];\n"
      "}\n");
  // A phase keeps only the edges between its own steps (all of these are in phase 1).
  Result contract = Keel("diff --from current.sql --to desired.sql --format dot --phase 3");
  ASSERT_EQ(contract.code, 0) << contract.err;
  EXPECT_EQ(contract.out.find(" -> "), std::string::npos) << contract.out;
  // --out writes the same bytes; plan takes the format too.
  EXPECT_EQ(Keel("diff --from current.sql --to desired.sql --format dot --out g.dot").code, 0);
  EXPECT_EQ(ReadFile(dir_ / "g.dot"), r.out);
  EXPECT_NE(Keel("help plan").out.find("text, sql, json, markdown or dot"), std::string::npos);
  Result bad = Keel("diff --from current.sql --to desired.sql --format dt");
  EXPECT_EQ(bad.code, 5);
  EXPECT_NE(bad.err.find("did you mean 'dot'? (one of: text, sql, json, markdown, dot)"),
            std::string::npos)
      << bad.err;
}

TEST_F(CliTest, VerboseSaysWhereTheTimeWent) {
  Write("a.sql", "CREATE TABLE t (id integer PRIMARY KEY);\n");
  Write("b.sql", "CREATE TABLE t (id integer PRIMARY KEY, n text);\n");
  Result r = Keel("diff --from a.sql --to b.sql --verbose");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* stage : {"from.read", "from.parse", "from.normalize", "to.read", "to.parse",
                            "to.normalize", "diff", "lower+order", "emit", "total"})
    EXPECT_NE(r.err.find(std::string("keel: stage ") + stage + " "), std::string::npos)
        << stage << "\n"
        << r.err;
  EXPECT_NE(r.err.find("keel: stage diff "), std::string::npos);
  EXPECT_NE(r.err.find(" ms: 1 changes\n"), std::string::npos) << r.err;
  // Without --verbose, nothing on stderr; with it, the plan itself is unchanged.
  Result quiet = Keel("diff --from a.sql --to b.sql");
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.out, r.out);
  // Both sides fail to parse: both are reported, from first, whichever thread finished first.
  Write("bad1.sql", "CREATE TABLE (;\n");
  Write("bad2.sql", "CREATE TABLE x (id int,,);\n");
  Result bad = Keel("diff --from bad1.sql --to bad2.sql");
  EXPECT_EQ(bad.code, 6);
  EXPECT_LT(bad.err.find("bad1.sql:1"), bad.err.find("bad2.sql:1")) << bad.err;
}

TEST_F(CliTest, ExplainSaysWhichEdgeFixedEachStep) {
  Write("current.sql", "");
  Write("desired.sql",
        "CREATE VIEW a_top AS SELECT id FROM z_base;\n"
        "CREATE VIEW z_base AS SELECT 1 AS id;\n");
  Result r = Keel("diff --from current.sql --to desired.sql --explain --no-color");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  1. + create view public.z_base\n"
                       "       CREATE VIEW public.z_base AS SELECT 1 AS id;\n"
                       "       why here: no dependency; creates early, drops late, then by name\n"
                       "  2. + create view public.a_top\n"
                       "       CREATE VIEW public.a_top AS SELECT id FROM z_base;\n"
                       "       why here: after step 1 (needs view:public.z_base)\n"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, DependencyCycleIsAnInputErrorNamingThePath) {
  Write("current.sql", "");
  Write("desired.sql",
        "CREATE FUNCTION total() RETURNS bigint LANGUAGE sql AS $$ SELECT n FROM totals $$;\n"
        "CREATE VIEW totals AS SELECT total() AS n;\n");
  Result r = Keel("diff --from current.sql --to desired.sql --format dot");
  EXPECT_EQ(r.code, 6);
  EXPECT_EQ(r.err,
            "keel: dependency cycle: view:public.totals -> function:public.total -> "
            "view:public.totals\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(CliTest, ExitCodeSaysWhetherThereAreChanges) {
  EXPECT_EQ(Keel("diff --from " + kExamples + "/v1 --to " + kExamples + "/v2 --exit-code").code,
            10);
  EXPECT_EQ(Keel("diff --from " + kExamples + "/v1 --to " + kExamples + "/v1 --exit-code").code, 0);
}

TEST_F(CliTest, GitSourceReadsARevisionWithoutCheckout) {
  std::string root = KEEL_SOURCE_DIR;
  if (std::system(
          ("git -C '" + root + "' cat-file -e HEAD:examples/shop/v1/01_catalog.sql 2>/dev/null")
              .c_str()) != 0)
    GTEST_SKIP() << "examples/shop is not committed in this checkout";
  Result r = Keel("diff --from git:HEAD:examples/shop/v1 --to examples/shop/v1 --exit-code", root);
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  r = Keel("diff --from git:HEAD:examples/shop/v1 --to examples/shop/v2 --exit-code", root);
  EXPECT_EQ(r.code, 10) << r.err;
}

TEST_F(CliTest, PlanAppliesAndConvergesOnALiveDatabase) {
  KEEL_REQUIRE_SERVER();
  keel::testing::ScratchDatabase db("keel_e2e_shop");
  std::string output;
  for (const char* f : {"01_catalog.sql", "02_orders.sql"})
    ASSERT_EQ(db.RunFile(kExamples + "/v1/" + f, &output), 0) << output;
  std::string conn = "--db '" + db.conninfo() + "'";
  Result plan = Keel("plan --schema " + kExamples + "/v2 " + conn + " --format sql --exit-code");
  ASSERT_EQ(plan.code, 10) << plan.err;
  EXPECT_NE(plan.out.find("CREATE INDEX CONCURRENTLY"), std::string::npos);
  ASSERT_EQ(db.RunSql(plan.out, &output), 0) << output << plan.out;
  Result again = Keel("plan --schema " + kExamples + "/v2 " + conn + " --exit-code");
  EXPECT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_EQ(again.out, "No changes: the schema is up to date.\n");

  // The rollback script takes the database back to v1.
  Result rollback =
      Keel("diff --from " + kExamples + "/v1 --to " + kExamples + "/v2 --format sql --rollback");
  ASSERT_EQ(rollback.code, 0) << rollback.err;
  ASSERT_EQ(db.RunSql(rollback.out, &output), 0) << output << rollback.out;
  Result back = Keel("plan --schema " + kExamples + "/v1 " + conn + " --exit-code");
  EXPECT_EQ(back.code, 0) << back.out << back.err;
}

// Every example, with its seed rows, applied version by version with keel apply, converges; the
// seed-vN.sql files stand for what the application writes between releases.
TEST_F(CliTest, EveryExampleAppliesWithRowsAndConverges) {
  KEEL_REQUIRE_SERVER();
  const fs::path root = fs::path(KEEL_SOURCE_DIR) / "examples";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    // Examples of another dialect run against their own server (tests/e2e/mysql_apply_test.cpp).
    if (!entry.is_directory() || fs::exists(entry.path() / "dialect")) continue;
    std::vector<int> versions;
    for (const auto& d : fs::directory_iterator(entry.path())) {
      std::string n = d.path().filename();
      if (d.is_directory() && n.size() > 1 && n[0] == 'v' && std::isdigit(n[1]))
        versions.push_back(std::stoi(n.substr(1)));
    }
    std::sort(versions.begin(), versions.end());
    ASSERT_GE(versions.size(), 2u) << entry.path();
    SCOPED_TRACE(entry.path().string());
    keel::testing::ScratchDatabase db("keel_e2e_example");
    std::string output, conn = "--db '" + db.conninfo() + "'";
    auto version = [&](int v) { return entry.path() / ("v" + std::to_string(v)); };
    auto seed = [&](int v) {
      fs::path s = entry.path() / ("seed-v" + std::to_string(v) + ".sql");
      if (fs::exists(s)) {
        ASSERT_EQ(db.RunFile(s, &output), 0) << output;
      }
    };
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(version(versions[0]))) files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) ASSERT_EQ(db.RunFile(f, &output), 0) << output;
    seed(versions[0]);
    for (size_t i = 1; i < versions.size(); i++) {
      std::string schema = "--schema '" + version(versions[i]).string() + "' " + conn;
      Result r = Keel("apply " + schema +
                      " --yes --allow-hazards all --skip-backup --report-dir '' --quiet");
      ASSERT_EQ(r.code, 0) << version(versions[i]) << "\n" << r.out << r.err;
      Result again = Keel("plan " + schema + " --exit-code");
      EXPECT_EQ(again.code, 0) << version(versions[i]) << "\n" << again.out << again.err;
      seed(versions[i]);
    }
    checked++;
  }
  EXPECT_GE(checked, 5);
}

TEST_F(CliTest, DumpRoundTripsThroughAnotherDatabase) {
  KEEL_REQUIRE_SERVER();
  keel::testing::ScratchDatabase a("keel_e2e_dump_a"), b("keel_e2e_dump_b");
  std::string output;
  for (const char* f : {"01_catalog.sql", "02_orders.sql"})
    ASSERT_EQ(a.RunFile(kExamples + "/v2/" + f, &output), 0) << output;
  Result dump = Keel("dump --db '" + a.conninfo() + "'");
  ASSERT_EQ(dump.code, 0) << dump.err;
  ASSERT_EQ(b.RunSql(dump.out, &output), 0) << output << dump.out;
  Result diff = Keel("diff --from '" + a.conninfo() + "' --to '" + b.conninfo() + "' --exit-code");
  EXPECT_EQ(diff.code, 0) << diff.out << diff.err;
  // The dump is also a valid desired-state source for keel itself.
  fs::path file = Write("dump.sql", dump.out);
  Result plan = Keel("plan --schema dump.sql --db '" + a.conninfo() + "' --exit-code");
  EXPECT_EQ(plan.code, 0) << plan.out << plan.err;
}

// Every file below `dir`, relative path -> bytes.
std::map<std::string, std::string> ReadTree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = ReadFile(e.path());
  return out;
}

TEST_F(CliTest, DumpSplitWritesOneFilePerObjectThatPlansToNoChanges) {
  KEEL_REQUIRE_SERVER();
  keel::testing::ScratchDatabase db("keel_e2e_split");
  std::string output;
  ASSERT_EQ(db.RunSql(R"sql(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE invoice_no START 1000;
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  mood mood,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz
);
COMMENT ON TABLE users IS 'people';
CREATE INDEX users_active_idx ON users (email) WHERE active;
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  invoice integer DEFAULT nextval('invoice_no'),
  total numeric(10, 2) CHECK (total >= 0)
);
CREATE INDEX orders_user_idx ON orders (user_id);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION add(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT a || b';
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE "Odd Name/x" (id integer);
)sql",
                      &output),
            0)
      << output;
  std::string conn = "'" + db.conninfo() + "'";

  Result first = Keel("dump --db " + conn + " --split tree1");
  ASSERT_EQ(first.code, 0) << first.err;
  auto tree = ReadTree(dir_ / "tree1");
  for (const char* f :
       {"public/tables/users.sql", "public/tables/orders.sql", "public/views/active_users.sql",
        "public/functions/touch.sql", "public/types/mood.sql", "public/sequences/invoice_no.sql",
        "public/tables/%4Fdd%20%4Eame%2Fx.sql"})
    EXPECT_TRUE(tree.count(f)) << f;
  const std::string& users = tree["public/tables/users.sql"];
  for (const char* part : {"CREATE TABLE", "users_active_idx", "COMMENT ON TABLE", "users_touch"})
    EXPECT_NE(users.find(part), std::string::npos) << part << " not in\n" << users;
  EXPECT_NE(tree["public/tables/orders.sql"].find("orders_user_idx"), std::string::npos);
  int overloads = 0;
  for (const auto& [path, text] : tree)
    if (path.rfind("public/functions/add-", 0) == 0) ++overloads;
  EXPECT_EQ(overloads, 2);

  // The tree is a desired-state source that matches the database.
  Result plan = Keel("plan --schema tree1 --db " + conn + " --exit-code");
  EXPECT_EQ(plan.code, 0) << plan.out << plan.err;

  // Deterministic: a second dump is byte-identical.
  Result second = Keel("dump --db " + conn + " --split tree2");
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(ReadTree(dir_ / "tree2"), tree);

  // A non-empty directory is refused unless --force, which also removes stale files.
  Write("tree2/public/tables/gone.sql", "CREATE TABLE gone (id integer);\n");
  Result refused = Keel("dump --db " + conn + " --split tree2");
  EXPECT_EQ(refused.code, 5);
  EXPECT_NE(refused.err.find("not empty"), std::string::npos) << refused.err;
  Result forced = Keel("dump --db " + conn + " --split tree2 --force");
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(ReadTree(dir_ / "tree2"), tree);
}

// Privileges are planned only with --privileges: then the files' GRANTs are applied, a grant the
// files lack is revoked, and the result converges; without it they are left alone.
TEST_F(CliTest, PrivilegesArePlannedOnlyWhenAsked) {
  KEEL_REQUIRE_SERVER();
  keel::testing::ScratchDatabase db("keel_e2e_privileges");
  std::string output;
  ASSERT_EQ(db.RunSql("DO $$ BEGIN CREATE ROLE keel_e2e_reader; EXCEPTION WHEN duplicate_object "
                      "THEN NULL; END $$;\n"
                      "DO $$ BEGIN CREATE ROLE keel_e2e_writer; EXCEPTION WHEN duplicate_object "
                      "THEN NULL; END $$;\n"
                      "CREATE TABLE docs (id int, body text);\n"
                      "GRANT DELETE ON docs TO keel_e2e_writer;\n",
                      &output),
            0)
      << output;
  Write("schema.sql",
        "CREATE TABLE docs (id int, body text);\n"
        "ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
        "CREATE POLICY readers ON docs FOR SELECT TO keel_e2e_reader USING (id > 0);\n"
        "GRANT SELECT ON docs TO keel_e2e_reader;\n"
        "GRANT UPDATE (body) ON docs TO keel_e2e_writer WITH GRANT OPTION;\n"
        // The owner (the fixture's postgres, which also creates notes) holds these already.
        "GRANT INSERT, UPDATE ON docs TO postgres;\n"
        "CREATE TABLE notes (id int);\n"
        "GRANT SELECT ON notes TO postgres;\n");
  std::string conn = " --db '" + db.conninfo() + "'";
  Result without = Keel("plan --schema schema.sql --format sql" + conn);
  ASSERT_EQ(without.code, 0) << without.err;
  EXPECT_EQ(without.out.find("GRANT"), std::string::npos) << without.out;
  EXPECT_NE(without.out.find("CREATE POLICY readers"), std::string::npos) << without.out;

  Result with = Keel("plan --schema schema.sql --format sql --privileges" + conn);
  ASSERT_EQ(with.code, 0) << with.err;
  EXPECT_NE(with.out.find("GRANT SELECT ON TABLE public.docs TO keel_e2e_reader;"),
            std::string::npos)
      << with.out;
  EXPECT_NE(with.out.find("GRANT UPDATE (body) ON TABLE public.docs TO keel_e2e_writer WITH "
                          "GRANT OPTION;"),
            std::string::npos)
      << with.out;
  EXPECT_NE(with.out.find("REVOKE DELETE ON TABLE public.docs FROM keel_e2e_writer;"),
            std::string::npos)
      << with.out;
  EXPECT_EQ(with.out.find("TO postgres"), std::string::npos) << with.out;
  ASSERT_EQ(db.RunSql(with.out, &output), 0) << output << with.out;
  Result again = Keel("plan --schema schema.sql --exit-code --privileges" + conn);
  EXPECT_EQ(again.code, 0) << again.out << again.err;
}

}  // namespace
