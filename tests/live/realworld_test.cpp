// Real schema dumps (../shared/realworld/postgresql): loaded into a fresh database, each must
// plan empty against its own file, diff empty file-to-database, and survive `keel dump`: the
// dump loaded into a second database plans empty against the first.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "tests/support/live_db.h"

namespace keel {
namespace {

namespace fs = std::filesystem;

struct KeelRun {
  int exit;
  std::string out, err;
};

KeelRun Keel(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int rc = cli::Main(args, out, err);
  return {rc, out.str(), err.str()};
}

fs::path Dump(const std::string& name) {
  return fs::path(KEEL_SOURCE_DIR) / ".." / "shared" / "realworld" / "postgresql" / (name + ".sql");
}

class RealWorld : public ::testing::TestWithParam<std::string> {};

TEST_P(RealWorld, RoundTrips) {
  KEEL_REQUIRE_SERVER();
  const fs::path file = Dump(GetParam());
  if (!fs::exists(file)) GTEST_SKIP() << file << " is absent (../shared not beside the repo)";
  testing::ScratchDatabase db("keel_rw_" + GetParam());
  std::string output;
  ASSERT_EQ(db.RunFile(file.string(), &output), 0) << output;

  KeelRun plan = Keel({"plan", "--schema", file.string(), "--db", db.conninfo(), "--exit-code",
                       "--quiet", "--format", "sql"});
  EXPECT_EQ(plan.exit, 0) << plan.out << plan.err;
  KeelRun diff = Keel({"diff", "--from", file.string(), "--to", db.conninfo(), "--exit-code",
                       "--quiet", "--format", "sql"});
  EXPECT_EQ(diff.exit, 0) << diff.out << diff.err;

  KeelRun dump = Keel({"dump", "--db", db.conninfo(), "--quiet"});
  ASSERT_EQ(dump.exit, 0) << dump.err;
  testing::ScratchDatabase copy("keel_rw_copy");
  const fs::path dump_file = fs::temp_directory_path() / ("keel_rw_" + GetParam() + "_dump.sql");
  std::ofstream(dump_file) << dump.out;
  ASSERT_EQ(copy.RunFile(dump_file.string(), &output), 0) << output;
  KeelRun again = Keel({"diff", "--from", db.conninfo(), "--to", copy.conninfo(), "--exit-code",
                        "--quiet", "--format", "sql"});
  EXPECT_EQ(again.exit, 0) << again.out << again.err;
  fs::remove(dump_file);
}

// GitLab loads in ~100 s and runs in the benchmark; openstreetmap needs PostGIS.
INSTANTIATE_TEST_SUITE_P(Dumps, RealWorld, ::testing::Values("danbooru", "feedbin", "pagila"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace keel
