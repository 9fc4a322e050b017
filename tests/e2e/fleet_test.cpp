// keel fleet plan, apply and status against several databases of the throwaway server, each
// drifted its own way: grouping, canaries, --parallel, the failure budget, kill -9 and resume.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "tests/support/live_db.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Result = keel::testing::CommandResult;
using keel::testing::ReadFile;
using nlohmann::json;

// A required column filled by a backfill, a new index, a new table with a foreign key.
const char* kDesired = R"sql(
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  token uuid NOT NULL DEFAULT gen_random_uuid()
);
CREATE INDEX accounts_email ON accounts (email);
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id));
)sql";

// The release every shard starts from.
std::string Release1(int rows) {
  return "CREATE TABLE accounts (id bigint PRIMARY KEY, email text); "
         "INSERT INTO accounts SELECT g, 'user' || g || '@example.com' FROM generate_series(1, " +
         std::to_string(rows) + ") g;";
}

class FleetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KEEL_REQUIRE_SERVER();
    dir_ = fs::temp_directory_path() /
           ("keel-fleet-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write("schema.sql", kDesired);
  }
  void TearDown() override {
    dbs_.clear();
    fs::remove_all(dir_);
  }

  // A shard named `name` holding `sql`; listed in targets.toml in the order added.
  void Shard(const std::string& name, const std::string& sql, const std::string& extra = "") {
    auto db = std::make_unique<keel::testing::ScratchDatabase>("keel_fleet");
    if (!sql.empty()) {
      std::string output;
      ASSERT_EQ(db->RunSql(sql, &output), 0) << output;
    }
    targets_ +=
        "[[target]]\nname = \"" + name + "\"\nurl = \"" + db->conninfo() + "\"\n" + extra + "\n";
    names_.push_back(name);
    dbs_[name] = std::move(db);
    Write("targets.toml", targets_);
  }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  std::string Command(const std::string& args) const {
    return "cd '" + dir_.string() + "' && exec " KEEL_BINARY " " + args;
  }
  Result Keel(const std::string& args) { return keel::testing::RunShell(Command(args), dir_); }

  // Starts keel in the background; its output goes to bg.out/bg.err.
  pid_t Background(const std::string& args) {
    return keel::testing::RunInBackground(Command(args), (dir_ / "bg.out").string(),
                                          (dir_ / "bg.err").string());
  }
  static int Wait(pid_t pid) { return keel::testing::WaitFor(pid); }
  static bool Until(const std::function<bool()>& ready, double seconds = 60) {
    return keel::testing::Until(ready, seconds);
  }

  std::string Query(const std::string& shard, const std::string& sql) {
    pqxx::connection c(dbs_.at(shard)->conninfo());
    pqxx::nontransaction tx(c);
    auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
  }
  // Every account row, in order: none lost or duplicated.
  std::string Checksum(const std::string& shard) {
    return Query(shard,
                 "SELECT count(*) || ':' || coalesce(md5(string_agg(id || '/' || email, ',' "
                 "ORDER BY id)), '') FROM accounts");
  }
  bool HasJournal(const std::string& shard) {
    return Query(shard, "SELECT count(*) FROM pg_namespace WHERE nspname = 'keel'") == "1";
  }
  void ExpectConverged(const std::string& shard) {
    Result r =
        Keel("plan --schema schema.sql --db '" + dbs_.at(shard)->conninfo() + "' --exit-code");
    EXPECT_EQ(r.code, 0) << shard << ":\n" << r.out << r.err;
    EXPECT_EQ(Query(shard, "SELECT count(*) FROM accounts WHERE token IS NULL"), "0") << shard;
  }

  // Every file is valid against the published schema (docs/NAME).
  void ExpectValid(const std::string& schema, const std::vector<fs::path>& files) {
    std::string cmd = "python3 '" KEEL_SOURCE_DIR
                      "/tests/schema/validate_json.py' '" KEEL_SOURCE_DIR "/docs/" +
                      schema + "'";
    for (const auto& f : files) cmd += " '" + f.string() + "'";
    cmd += " >'" + (dir_ / "validate.out").string() + "' 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir_ / "validate.out");
  }

  // The newest fleet report of the run.
  json Report() {
    fs::path newest;
    for (const auto& e : fs::directory_iterator(dir_ / "keel-reports"))
      if (e.path().filename().string().find("fleet-apply") != std::string::npos &&
          (newest.empty() || e.path() > newest))
        newest = e.path();
    EXPECT_FALSE(newest.empty());
    return newest.empty() ? json() : json::parse(ReadFile(newest));
  }
  static std::map<std::string, std::string> Outcomes(const json& report) {
    std::map<std::string, std::string> outcomes;
    for (const auto& t : report["targets"]) outcomes[t["name"]] = t["outcome"];
    return outcomes;
  }

  fs::path dir_;
  std::string targets_;
  std::vector<std::string> names_;
  std::map<std::string, std::unique_ptr<keel::testing::ScratchDatabase>> dbs_;
};

// Six shards that drifted apart: three on release 1, one that already has the index, one
// already on the desired schema, and a new empty one.
class DriftedFleet : public FleetTest {
 protected:
  void SetUp() override {
    FleetTest::SetUp();
    if (IsSkipped()) return;
    for (const char* name : {"s1", "s2", "s3"}) Shard(name, Release1(300));
    Shard("s4", Release1(300) + "CREATE INDEX accounts_email ON accounts (email);");
    Shard("s5", kDesired);
    Shard("s6", "");
  }
};

TEST_F(DriftedFleet, PlanGroupsTheTargetsAndSaysHowTheyDiffer) {
  Result r = Keel("fleet plan --schema schema.sql --targets targets.toml --out fleet.json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Fleet plan for 6 targets from schema.sql: 3 plans, 1 up to date, 0 failed"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Plan A: 3 targets (s1, s2, s3)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Up to date: 1 target (s5)"), std::string::npos) << r.out;
  // s4 lacks the index step of plan A; s6 creates the table plan A alters.
  EXPECT_NE(r.out.find("Plan B: 1 target (s4), 10 steps"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  - create index public.accounts_email\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Plan C: 1 target (s6), 4 steps"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  + create table public.accounts\n"), std::string::npos) << r.out;

  json doc = json::parse(ReadFile(dir_ / "fleet.json"));
  EXPECT_EQ(doc["format"], "keel.fleet-plan/v1");
  ASSERT_EQ(doc["groups"].size(), 3u);
  EXPECT_EQ(doc["groups"][0]["targets"], json({"s1", "s2", "s3"}));
  std::map<std::string, std::string> status;
  for (const auto& t : doc["targets"]) status[t["name"]] = t["status"];
  EXPECT_EQ(status["s5"], "up_to_date");
  EXPECT_EQ(status["s1"], "planned");
  // Planning changed nothing anywhere.
  for (const auto& name : names_) EXPECT_FALSE(HasJournal(name)) << name;

  // The fleet plan and every target's plan in it follow the published schemas.
  std::vector<fs::path> plans;
  for (const auto& t : doc["targets"]) {
    plans.push_back(Write("plan-" + t["name"].get<std::string>() + ".json", t["plan"].dump()));
  }
  ExpectValid("fleet.schema.json", {dir_ / "fleet.json"});
  ExpectValid("plan.schema.json", plans);

  EXPECT_EQ(Keel("fleet plan --schema schema.sql --targets targets.toml --exit-code").code, 10);
  r = Keel("fleet plan --schema schema.sql --targets targets.toml --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["groups"].size(), 3u);
  // The same schemas give the same groups (risks follow each table's live write rate).
  ASSERT_EQ(Keel("fleet plan --schema schema.sql --targets targets.toml --out again.json").code, 0);
  json again = json::parse(ReadFile(dir_ / "again.json"));
  for (auto* d : {&doc, &again})
    for (auto& g : (*d)["groups"]) g.erase("risk");
  EXPECT_EQ(doc["groups"], again["groups"]);
}

TEST_F(DriftedFleet, ApplyRunsTheCanaryFirstThenTheRestInParallelAndConverges) {
  std::map<std::string, std::string> before;
  for (const auto& name : names_)
    if (name != "s6") before[name] = Checksum(name);
  ASSERT_EQ(Keel("fleet plan --schema schema.sql --targets targets.toml --out fleet.json").code, 0);
  Result status = Keel("fleet status fleet.json");
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("pending"), std::string::npos) << status.out;

  Result r = Keel("fleet apply fleet.json --yes --canaries s2 --parallel 3 --skip-backup");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Fleet: 5 applied, 1 up_to_date; exit 0"), std::string::npos) << r.out;
  for (const auto& name : names_) ExpectConverged(name);
  for (const auto& [name, sum] : before) EXPECT_EQ(Checksum(name), sum) << name;

  json report = Report();
  EXPECT_EQ(report["exit_code"], 0);
  auto outcomes = Outcomes(report);
  EXPECT_EQ(outcomes["s5"], "up_to_date");
  EXPECT_EQ(outcomes["s1"], "applied");
  // The canary finished before any other target took its lock.
  std::string canary_done = Query("s2", "SELECT finished_at FROM keel.plans");
  for (const char* other : {"s1", "s3", "s4", "s6"})
    EXPECT_LE(canary_done, Query(other, "SELECT started_at FROM keel.plans")) << other;
  // Each target's own report went into its folder.
  EXPECT_TRUE(fs::is_directory(dir_ / "keel-reports" / "s4"));

  status = Keel("fleet status fleet.json --format json");
  ASSERT_EQ(status.code, 0) << status.err;
  Write("status.json", status.out);
  std::vector<fs::path> documents = {dir_ / "status.json"};
  for (const auto& e : fs::directory_iterator(dir_ / "keel-reports"))
    if (e.is_regular_file()) documents.push_back(e.path());
  ExpectValid("fleet.schema.json", documents);
  for (const auto& t : json::parse(status.out)["targets"])
    EXPECT_EQ(t["fleet_plan"], t["name"] == "s5" ? "up to date" : "applied") << t.dump();
  // Again: every target says so, and nothing runs twice.
  r = Keel("fleet apply fleet.json --yes --skip-backup");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const auto& name : names_) {
    if (name != "s5") {
      EXPECT_EQ(Query(name, "SELECT count(*) FROM keel.plans"), "1") << name;
    }
  }
}

// A desired unique email that shards with duplicate emails cannot take.
const char* kUniqueEmail = R"sql(
CREATE TABLE accounts (id bigint PRIMARY KEY, email text);
CREATE UNIQUE INDEX accounts_email ON accounts (email);
)sql";

class FailingFleet : public FleetTest {
 protected:
  void SetUp() override {
    FleetTest::SetUp();
    if (IsSkipped()) return;
    Write("unique.sql", kUniqueEmail);
    const std::string dupes = "INSERT INTO accounts VALUES (9001, 'user1@example.com');";
    Shard("a", Release1(50));
    Shard("b", Release1(50) + dupes);
    Shard("c", Release1(50));
    Shard("d", Release1(50) + dupes);
    Shard("e", Release1(50));
  }
};

TEST_F(FailingFleet, AFailedCanaryStopsTheFleet) {
  Result r = Keel("fleet apply --schema unique.sql --targets targets.toml --yes --canaries b");
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("Stopped: canary b failed"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("[b] "), std::string::npos) << r.err;
  json report = Report();
  auto outcomes = Outcomes(report);
  EXPECT_EQ(report["stopped"], "canary b failed; no other target was started");
  ExpectValid("fleet.schema.json", {dir_ / "keel-fleet-plan.json"});
  EXPECT_EQ(outcomes["b"], "failed");
  for (const char* other : {"a", "c", "d", "e"}) {
    EXPECT_EQ(outcomes[other], "skipped") << other;
    EXPECT_FALSE(HasJournal(other)) << other;
  }
  // The fleet plan was saved before anything ran.
  EXPECT_TRUE(fs::exists(dir_ / "keel-fleet-plan.json"));
}

TEST_F(FailingFleet, TheFailureBudgetDecidesWhetherTheRestGoesOn) {
  // One at a time, no canary: b fails second, and with no budget c, d and e never start.
  Result r = Keel(
      "fleet apply --schema unique.sql --targets targets.toml --yes --canaries 0 --parallel 1");
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  auto outcomes = Outcomes(Report());
  EXPECT_EQ(outcomes["a"], "applied");
  EXPECT_EQ(outcomes["b"], "failed");
  for (const char* skipped : {"c", "d", "e"}) EXPECT_EQ(outcomes[skipped], "skipped") << skipped;
  EXPECT_FALSE(HasJournal("c"));

  // A budget of two failures: everything else is applied; b and d stay failed, resumable.
  fs::remove_all(dir_ / "keel-reports");
  r = Keel("fleet apply keel-fleet-plan.json --yes --parallel 2 --failure-budget 2");
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  outcomes = Outcomes(Report());
  for (const char* ok : {"a", "c", "e"}) EXPECT_EQ(outcomes[ok], "applied") << ok;
  for (const char* failed : {"b", "d"}) EXPECT_EQ(outcomes[failed], "failed") << failed;
  Result status = Keel("fleet status keel-fleet-plan.json");
  EXPECT_NE(status.out.find("unfinished"), std::string::npos) << status.out;
}

TEST_F(FleetTest, UnreachableTargetsAndUnsetVariables) {
  Shard("up", Release1(10));
  Shard("gone", Release1(10));
  Write("targets.toml", targets_ +
                            "[[target]]\nname = \"down\"\nurl = "
                            "\"postgresql://postgres@127.0.0.1:1/none?connect_timeout=2\"\n");
  Result r = Keel("fleet plan --schema schema.sql --targets targets.toml --out fleet.json");
  EXPECT_EQ(r.code, 7) << r.out << r.err;
  EXPECT_NE(r.out.find("Failed to plan down (exit 7): keel: cannot connect"), std::string::npos)
      << r.out;
  // A target that goes away between plan and apply fails alone; the budget lets the rest on.
  dbs_.erase("gone");
  r = Keel("fleet apply fleet.json --yes --canaries 0 --failure-budget 1");
  EXPECT_EQ(r.code, 7) << r.out << r.err;
  auto outcomes = Outcomes(Report());
  EXPECT_EQ(outcomes["up"], "applied");
  EXPECT_EQ(outcomes["gone"], "failed");
  EXPECT_EQ(outcomes["down"], "not_planned");
  EXPECT_NE(r.err.find("[gone] keel: "), std::string::npos) << r.err;
  ExpectConverged("up");

  // A variable that is not set stops the fleet before any target is touched.
  Write("targets.toml", "[[target]]\nname = \"x\"\nurl_env = \"KEEL_FLEET_UNSET_VARIABLE\"\n");
  r = Keel("fleet plan --schema schema.sql --targets targets.toml");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("target x: environment variable KEEL_FLEET_UNSET_VARIABLE is not set"),
            std::string::npos)
      << r.err;
}

TEST_F(FleetTest, TargetsFromAControlDatabase) {
  Shard("one", Release1(10));
  Shard("two", Release1(10));
  keel::testing::ScratchDatabase control("keel_control");
  std::string sql = "CREATE TABLE shards (name text, url text, canary boolean);";
  for (const char* name : {"one", "two"})
    sql += "INSERT INTO shards VALUES ('" + std::string(name) + "', '" + dbs_.at(name)->conninfo() +
           "', " + (name[0] == 't' ? "true" : "false") + ");";
  ASSERT_EQ(control.RunSql(sql), 0);
  const std::string from =
      "--targets-from-query 'SELECT name, url, canary FROM shards ORDER BY "
      "name' --control-db '" +
      control.conninfo() + "'";
  Result r = Keel("fleet plan --schema schema.sql " + from);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Plan A: 2 targets (one, two)"), std::string::npos) << r.out;
  r = Keel("fleet apply --schema schema.sql --yes --skip-backup " + from);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  auto report = Report();
  for (const auto& t : report["targets"])
    EXPECT_EQ(t["phase"], t["name"] == "two" ? "canary" : "rest") << t.dump();
  ExpectConverged("one");
  ExpectConverged("two");
  // No reports asked for: none for the fleet, none for its targets.
  fs::remove_all(dir_ / "keel-reports");
  r = Keel("fleet apply --schema schema.sql --yes --report-dir '' " + from);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "keel-reports"));
  EXPECT_FALSE(fs::exists(dir_ / "one"));
  EXPECT_FALSE(fs::exists(dir_ / "two"));
  r = Keel("fleet plan --schema schema.sql --targets-from-query 'SELECT 1 AS id' --control-db '" +
           control.conninfo() + "'");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("no column 'name'"), std::string::npos) << r.err;
}

// Shards copied from one template share their tables' OIDs: a lock or a long transaction on
// one shard must not fail another shard's preflight.
TEST_F(FleetTest, ShardsCopiedFromOneTemplateDoNotHoldEachOtherUp) {
  Shard("template", Release1(100));
  const std::string clone = dbs_.at("template")->name() + "_clone";
  auto server = [&](const std::string& sql) {
    pqxx::connection c(keel::testing::ServerConninfo() + " dbname=postgres");
    pqxx::nontransaction tx(c);
    tx.exec(sql);
  };
  server("CREATE DATABASE " + clone + " TEMPLATE " + dbs_.at("template")->name());
  {
    pqxx::connection busy(keel::testing::ServerConninfo() + " dbname=" + clone);
    pqxx::work open(busy);
    open.exec("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
    Result r = Keel(
        "fleet apply --schema schema.sql --targets targets.toml --yes --skip-backup "
        "--long-transaction 0");
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.err.find("locks on touched tables: ok"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("long transactions: ok"), std::string::npos) << r.err;
  }
  server("DROP DATABASE " + clone + " WITH (FORCE)");
  ExpectConverged("template");
}

// Schema per tenant: three tenants of one database, listed by a query on that same database,
// each drifted its own way; the public schema (the control table) is never touched.
TEST_F(FleetTest, SchemaPerTenantTargetsInOneDatabase) {
  keel::testing::ScratchDatabase db("keel_tenants");
  auto in = [](const std::string& schema, const std::string& sql) {
    return "CREATE SCHEMA " + schema + "; SET search_path = " + schema + "; " + sql +
           " RESET search_path;";
  };
  std::string setup =
      "CREATE TABLE public.tenants (slug text PRIMARY KEY); "
      "INSERT INTO public.tenants VALUES ('acme'), ('beta'), ('gamma');" +
      in("t_acme", Release1(500)) +
      in("t_beta", Release1(500) + "CREATE INDEX accounts_email ON accounts (email);");
  std::string output;
  ASSERT_EQ(db.RunSql(setup, &output), 0) << output;
  const std::string from =
      "--targets-from-query \"SELECT slug AS name, 't_' || slug AS in_schema FROM tenants ORDER "
      "BY slug\" --control-db '" +
      db.conninfo() + "'";
  auto tenant_sum = [&](const std::string& schema) {
    pqxx::connection c(db.conninfo());
    pqxx::nontransaction tx(c);
    return std::string(tx.exec("SELECT count(*) || ':' || md5(string_agg(id || '/' || email, ',' "
                               "ORDER BY id)) FROM " +
                               schema + ".accounts")[0][0]
                           .c_str());
  };
  const std::string acme = tenant_sum("t_acme"), beta = tenant_sum("t_beta");

  Result r = Keel("fleet plan --schema schema.sql --out fleet.json " + from);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Fleet plan for 3 targets"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("t_acme.accounts"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("public.accounts"), std::string::npos) << r.out;
  ExpectValid("fleet.schema.json", {dir_ / "fleet.json"});

  // The saved plan does not keep the control database's URL.
  r = Keel("fleet apply fleet.json --yes --canaries acme --parallel 2 --skip-backup");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("target acme is in the control database: give it with --control-db"),
            std::string::npos)
      << r.err;
  const std::string control = " --control-db '" + db.conninfo() + "'";
  r = Keel("fleet apply fleet.json --yes --canaries acme --parallel 2 --skip-backup" + control);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  for (const char* schema : {"t_acme", "t_beta", "t_gamma"}) {
    Result plan = Keel("plan --schema schema.sql --db '" + db.conninfo() + "' --in-schema " +
                       schema + " --exit-code");
    EXPECT_EQ(plan.code, 0) << schema << ":\n" << plan.out << plan.err;
  }
  EXPECT_EQ(tenant_sum("t_acme"), acme);
  EXPECT_EQ(tenant_sum("t_beta"), beta);
  // The control table is where it was, and nothing of the tenants' schema leaked into public.
  pqxx::connection c(db.conninfo());
  pqxx::nontransaction tx(c);
  EXPECT_EQ(std::string(tx.exec("SELECT count(*) FROM public.tenants")[0][0].c_str()), "3");
  EXPECT_EQ(
      std::string(
          tx.exec("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0].c_str()),
      "1");
  Result status = Keel("fleet status fleet.json" + control);
  EXPECT_EQ(status.code, 0) << status.err;
  EXPECT_EQ(status.out.find("pending"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("unfinished"), std::string::npos) << status.out;
}

// Kill -9 of keel while targets are mid-backfill; the same fleet plan resumes every target from
// its own journal and all converge with every row kept once.
TEST_F(FleetTest, KilledMidwayResumesEveryTargetToConvergence) {
  // Four databases and two tenant schemas of a fifth, all on release 1 with 20,000 rows.
  Shard("k1", Release1(20000));
  Shard("k2", Release1(20000));
  keel::testing::ScratchDatabase tenants("keel_fleet_tenants");
  std::string output;
  ASSERT_EQ(tenants.RunSql("CREATE SCHEMA t_a; SET search_path = t_a; " + Release1(20000) +
                               "CREATE SCHEMA t_b; SET search_path = t_b; " + Release1(20000),
                           &output),
            0)
      << output;
  for (const char* t : {"a", "b"})
    targets_ += "[[target]]\nname = \"t" + std::string(t) + "\"\nurl = \"" + tenants.conninfo() +
                "\"\nin_schema = \"t_" + t + "\"\n\n";
  Shard("k3", Release1(20000));
  Shard("k4", Release1(20000));
  auto tenant = [&](const std::string& schema, const std::string& sql) {
    pqxx::connection c(tenants.conninfo());
    pqxx::nontransaction tx(c);
    tx.exec("SET search_path = " + schema);
    auto r = tx.exec(sql);
    return std::string(r[0][0].is_null() ? "" : r[0][0].c_str());
  };
  const std::string sum =
      "SELECT count(*) || ':' || md5(string_agg(id || '/' || email, ',' ORDER BY id)) FROM "
      "accounts";
  std::map<std::string, std::string> before;
  for (const auto& name : names_) before[name] = Checksum(name);
  for (const char* schema : {"t_a", "t_b"}) before[schema] = tenant(schema, sum);
  ASSERT_EQ(Keel("fleet plan --schema schema.sql --targets targets.toml --out fleet.json "
                 "--batch-size 500 --batch-pause 20ms")
                .code,
            0);
  pid_t pid = Background(
      "fleet apply fleet.json --yes --canaries 1 --parallel 2 --skip-backup "
      "--log-dir logs");
  // The canary is done and two others are backfilling.
  bool hit = Until([&] {
    int backfilling = 0;
    for (const char* name : {"k2", "ta", "tb", "k3", "k4"})
      backfilling +=
          ReadFile(dir_ / "logs" / (std::string(name) + ".jsonl")).find("\"batches\":5,") !=
          std::string::npos;
    return backfilling >= 2;
  });
  kill(pid, SIGKILL);
  Wait(pid);
  ASSERT_TRUE(hit) << ReadFile(dir_ / "bg.err");
  Result status = Keel("fleet status fleet.json");
  EXPECT_NE(status.out.find("unfinished"), std::string::npos) << status.out;

  Result r = Keel("fleet apply fleet.json --yes --parallel 2 --skip-backup --lock-wait 20s");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  for (const auto& name : names_) {
    ExpectConverged(name);
    EXPECT_EQ(Checksum(name), before[name]) << name;
    // Resumed, not started over: one plan in each journal.
    EXPECT_EQ(Query(name, "SELECT count(*) FROM keel.plans"), "1") << name;
  }
  for (const char* schema : {"t_a", "t_b"}) {
    Result plan = Keel("plan --schema schema.sql --db '" + tenants.conninfo() + "' --in-schema " +
                       schema + " --exit-code");
    EXPECT_EQ(plan.code, 0) << schema << ":\n" << plan.out << plan.err;
    EXPECT_EQ(tenant(schema, sum), before[schema]) << schema;
    EXPECT_EQ(tenant(schema, "SELECT count(*) FROM accounts WHERE token IS NULL"), "0") << schema;
    EXPECT_EQ(tenant(schema,
                     "SELECT count(*) FROM keel.plans WHERE scope = '" + std::string(schema) + "'"),
              "1")
        << schema;
  }
}

}  // namespace
