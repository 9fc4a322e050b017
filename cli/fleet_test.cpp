#include "cli/fleet.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "cli/exit_codes.h"

namespace keel::cli {
namespace {

namespace fs = std::filesystem;

class TargetsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ =
        (fs::temp_directory_path() / ("keel-fleet-" + std::to_string(getpid()) + ".toml")).string();
  }
  void TearDown() override { fs::remove(path_); }
  std::string Load(const std::string& text, std::vector<FleetTarget>* targets) {
    std::ofstream(path_, std::ios::binary) << text;
    return LoadTargetsFile(path_, targets);
  }
  std::string path_;
};

TEST_F(TargetsFile, ReadsUrlsVariablesTenantsAndCanaries) {
  std::vector<FleetTarget> t;
  ASSERT_EQ(Load(R"([[target]]
name = "eu-1"
url = "postgresql://app@eu-1.internal/app"
canary = true

[[target]]
name = "us-1"
url_env = "US1_DATABASE_URL"

[[target]]
name = "acme"
url_env = "TENANTS_URL"
in_schema = "tenant_acme"
)",
                 &t),
            "");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].name, "eu-1");
  EXPECT_TRUE(t[0].canary);
  EXPECT_EQ(t[0].url, "postgresql://app@eu-1.internal/app");
  EXPECT_EQ(t[1].url_env, "US1_DATABASE_URL");
  EXPECT_FALSE(t[1].canary);
  EXPECT_EQ(t[2].in_schema, "tenant_acme");
}

TEST_F(TargetsFile, MistakesNameTheLine) {
  std::vector<FleetTarget> t;
  std::string e = Load("[[target]]\nname = \"a\"\nurl = \"postgresql://x\"\nzone = \"eu\"\n", &t);
  EXPECT_NE(e.find(":4:8: unknown key 'zone'"), std::string::npos) << e;
  t.clear();
  e = Load("[[target]]\nname = \"a\"\nurl = \"postgresql://x\"\ncanary = \"yes\"\n", &t);
  EXPECT_NE(e.find(":4:"), std::string::npos) << e;
  EXPECT_NE(e.find("canary must be true or false"), std::string::npos) << e;
  t.clear();
  e = Load("[[target]]\nname = \"a\"\n", &t);
  EXPECT_NE(e.find("needs exactly one of url and url_env"), std::string::npos) << e;
  t.clear();
  e = Load("[target]\nname = \"a\"\n", &t);
  EXPECT_NE(e.find("target must be an array of tables"), std::string::npos) << e;
  t.clear();
  e = Load("[[target]\n", &t);
  EXPECT_NE(e.find(path_ + ":1:"), std::string::npos) << e;
  t.clear();
  e = Load("", &t);
  EXPECT_NE(e.find("no [[target]]"), std::string::npos) << e;
}

TEST(FleetTargets, NamesAreUniqueAndSafeAndUrlsHoldNoPassword) {
  auto target = [](std::string name, std::string url) {
    FleetTarget t;
    t.name = std::move(name);
    t.url = std::move(url);
    return t;
  };
  EXPECT_EQ(CheckTargets({target("a", "postgresql://h/db"), target("b.2_x-y", "host=h")}), "");
  EXPECT_NE(CheckTargets({target("a", "postgresql://h/db"), target("a", "postgresql://h/db2")})
                .find("listed twice"),
            std::string::npos);
  EXPECT_NE(CheckTargets({target("../etc", "postgresql://h/db")}).find("must be letters"),
            std::string::npos);
  EXPECT_NE(CheckTargets({target("a", "postgresql://app:s3cret@h/db")}).find("holds a password"),
            std::string::npos);
  EXPECT_NE(CheckTargets({target("a", "host=h password=s3cret")}).find("holds a password"),
            std::string::npos);
  EXPECT_EQ(CheckTargets({target("a", "postgresql://app@h:5432/db")}), "");
  FleetTarget control;
  control.name = "tenant";
  control.control = true;
  EXPECT_EQ(CheckTargets({control}), "");
}

TEST(FleetTargets, UrlFromTheEnvironment) {
  FleetTarget t;
  t.name = "a";
  t.url_env = "KEEL_FLEET_TEST_URL";
  unsetenv("KEEL_FLEET_TEST_URL");
  EXPECT_FALSE(TargetUrl(t).has_value());
  setenv("KEEL_FLEET_TEST_URL", "postgresql://h/a", 1);
  EXPECT_EQ(TargetUrl(t).value_or(""), "postgresql://h/a");
  unsetenv("KEEL_FLEET_TEST_URL");
}

std::vector<FleetTarget> Fleet(const std::vector<std::string>& names) {
  std::vector<FleetTarget> targets;
  for (const auto& n : names) {
    FleetTarget t;
    t.name = n;
    t.url = "postgresql://h/" + n;
    targets.push_back(t);
  }
  return targets;
}

TEST(FleetCanaries, MarkedOnesElseTheFirstElseWhatIsAsked) {
  auto fleet = Fleet({"a", "b", "c", "d"});
  std::string error;
  EXPECT_EQ(PickCanaries(fleet, "", &error), (std::vector<size_t>{0}));
  fleet[2].canary = true;
  fleet[3].canary = true;
  EXPECT_EQ(PickCanaries(fleet, "", &error), (std::vector<size_t>{2, 3}));
  EXPECT_EQ(PickCanaries(fleet, "2", &error), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(PickCanaries(fleet, "0", &error), (std::vector<size_t>{}));
  EXPECT_EQ(PickCanaries(fleet, "9", &error).size(), 4u);
  EXPECT_EQ(PickCanaries(fleet, "d,b", &error), (std::vector<size_t>{1, 3}));
  EXPECT_EQ(error, "");
  EXPECT_TRUE(PickCanaries(fleet, "b,zz", &error).empty());
  EXPECT_EQ(error, "--canaries: no target named 'zz'");
  // One target alone is not its own canary.
  EXPECT_TRUE(PickCanaries(Fleet({"only"}), "", &error).empty());
}

planner::Step MakeStep(int id, const std::string& description, const std::string& sql) {
  planner::Step s;
  s.id = id;
  s.description = description;
  s.sql = {sql};
  return s;
}

TEST(FleetPlans, GroupBySqlAndExplainTheDifference) {
  planner::Plan a, b, c;
  a.steps = {MakeStep(1, "create table t", "CREATE TABLE t ()"),
             MakeStep(2, "create index i", "CREATE INDEX CONCURRENTLY i ON t (x)")};
  b.steps = {MakeStep(1, "create table t", "CREATE TABLE t ()"),
             MakeStep(2, "create index i", "CREATE INDEX CONCURRENTLY i ON t (x)")};
  b.fingerprint = "other";  // sizes and fingerprints do not split a group; SQL does
  c.steps = {MakeStep(1, "create table t", "CREATE TABLE t ()"),
             MakeStep(2, "add column x", "ALTER TABLE t ADD COLUMN x int"),
             MakeStep(3, "create index i", "CREATE INDEX CONCURRENTLY i ON t (x)")};
  EXPECT_EQ(PlanGroupKey(a), PlanGroupKey(b));
  EXPECT_NE(PlanGroupKey(a), PlanGroupKey(c));
  EXPECT_EQ(PlanDifference(a, c), (std::vector<std::string>{"+ add column x"}));
  EXPECT_EQ(PlanDifference(c, a), (std::vector<std::string>{"- add column x"}));
  EXPECT_TRUE(PlanDifference(a, b).empty());
}

TEST(FleetExitCode, TheWorstOutcomeWins) {
  EXPECT_EQ(WorstExitCode({}), kExitOk);
  EXPECT_EQ(WorstExitCode({0, 0}), kExitOk);
  EXPECT_EQ(WorstExitCode({0, kExitConnect, 0}), kExitConnect);
  EXPECT_EQ(WorstExitCode({kExitConnect, kExitStepFailed, kExitRefused}), kExitStepFailed);
  EXPECT_EQ(WorstExitCode({kExitRefused, kExitPreflight}), kExitPreflight);
  EXPECT_EQ(WorstExitCode({kExitPostflight, kExitConnect}), kExitPostflight);
}

int RunKeel(std::vector<std::string> args, std::string* out, std::string* err) {
  std::ostringstream o, e;
  int rc = Main(args, o, e);
  *out = o.str();
  *err = e.str();
  return rc;
}

TEST(FleetCli, TwoWordCommands) {
  std::string out, err;
  EXPECT_EQ(RunKeel({"fleet", "plna"}, &out, &err), kExitUsage);
  EXPECT_NE(err.find("unknown command 'plna'; did you mean 'plan'?"), std::string::npos) << err;
  EXPECT_EQ(RunKeel({"fleet"}, &out, &err), kExitUsage);
  EXPECT_EQ(RunKeel({"fleet", "plan", "--help"}, &out, &err), kExitOk);
  EXPECT_NE(out.find("Usage: keel fleet plan"), std::string::npos) << out;
  EXPECT_EQ(RunKeel({"help", "fleet"}, &out, &err), kExitOk);
  EXPECT_NE(out.find("Usage: keel fleet apply"), std::string::npos) << out;
  EXPECT_NE(out.find("Usage: keel fleet status"), std::string::npos) << out;
  EXPECT_EQ(RunKeel({"fleet", "plan", "--schema", "s.sql"}, &out, &err), kExitUsage);
  EXPECT_NE(err.find("either --targets FILE or --targets-from-query SQL"), std::string::npos)
      << err;
  EXPECT_EQ(RunKeel({"fleet", "apply", "--targets", "t.toml"}, &out, &err), kExitUsage);
  EXPECT_NE(err.find("give either a fleet plan"), std::string::npos) << err;
  EXPECT_EQ(RunKeel({"fleet", "apply", "missing.json", "--yes"}, &out, &err), kExitUsage);
  EXPECT_NE(err.find("cannot read missing.json"), std::string::npos) << err;
  EXPECT_EQ(RunKeel({"fleet", "apply", "x.json", "--parallel", "0", "--yes"}, &out, &err),
            kExitUsage);
  EXPECT_NE(err.find("--parallel: '0'"), std::string::npos) << err;
}

}  // namespace
}  // namespace keel::cli
