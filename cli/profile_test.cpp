#include "cli/profile.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/options.h"

namespace keel::cli {
namespace {

std::string WriteConfig(const std::string& text) {
  std::string path = ::testing::TempDir() + "/keel_profile_test.toml";
  std::ofstream(path) << text;
  return path;
}

TEST(Profile, ReadsTargetsPolicyAndFlagDefaults) {
  Config config;
  auto path = WriteConfig(
      "[defaults]\nlock_timeout = \"3s\"\nquiet = true\n"
      "[targets.production]\nurl_env = \"PROD_URL\"\nproduction = true\nbatch_size = 500\n");
  ASSERT_EQ(LoadConfig(path, &config), "");
  ASSERT_EQ(config.targets.count("production"), 1u);
  const Target& t = config.targets.at("production");
  EXPECT_EQ(t.url_env, "PROD_URL");
  EXPECT_TRUE(t.policy.require_saved_plan && t.policy.confirm && t.policy.require_backup);
  EXPECT_FALSE(t.policy.allow_force);
  EXPECT_EQ(t.policy.dry_run_within_ms, 24 * 3600 * 1000);
  EXPECT_EQ(t.flags.at("batch-size"), "500");
  EXPECT_EQ(config.flags.at("lock-timeout"), "3s");

  setenv("PROD_URL", "postgresql://prod/app", 1);
  const CommandSpec* apply = FindCommand("apply");
  std::string error;
  auto args =
      ParseArgs(*apply, {"plan.json", "--target", "production", "--batch-size", "9"}, &error);
  ASSERT_TRUE(args) << error;
  ASSERT_EQ(ApplyConfig(config, *apply, *args), "");
  EXPECT_EQ(args->Get("db"), "postgresql://prod/app");
  EXPECT_EQ(args->Get("batch-size"), "9");  // the command line wins
  EXPECT_EQ(args->Get("lock-timeout"), "3s");
  EXPECT_TRUE(args->Has("quiet"));
  ASSERT_TRUE(args->target);
  EXPECT_EQ(args->target->name, "production");
}

TEST(Profile, ErrorsNameTheFileAndLine) {
  Config config;
  std::string error =
      LoadConfig(WriteConfig("[targets.p]\nurl = \"postgres://u:pw@h/db\"\n"), &config);
  EXPECT_NE(error.find("keel_profile_test.toml:2:"), std::string::npos) << error;
  EXPECT_NE(error.find("url does not belong in keel.toml"), std::string::npos) << error;
  EXPECT_EQ(error.find("pw@"), std::string::npos) << error;
  Config broken;
  error = LoadConfig(WriteConfig("[targets.p\n"), &broken);
  EXPECT_NE(error.find("keel_profile_test.toml:1:"), std::string::npos) << error;
  Config unknown;
  error = LoadConfig(WriteConfig("[target.p]\nurl_env = \"X\"\n"), &unknown);
  EXPECT_NE(error.find("unknown section [target]"), std::string::npos) << error;
  EXPECT_EQ(LoadConfig("/nonexistent/keel.toml", &unknown), "/nonexistent/keel.toml: no such file");
}

}  // namespace
}  // namespace keel::cli
