#include "cli/planning.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <latch>
#include <sstream>
#include <thread>

#include "model/default_schema.h"

namespace keel::cli {
namespace {

namespace fs = std::filesystem;

// Targets planned on threads of one process, as the fleet plans them: each plan is for the
// tenant its arguments name, whatever the others do at the same time.
TEST(Prepare, PlansEachTenantOnItsOwnThread) {
  const fs::path dir = fs::temp_directory_path() / ("keel-prepare-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "current.sql") << "";
  std::ofstream(dir / "desired.sql")
      << "CREATE TABLE users (id serial PRIMARY KEY, name text DEFAULT lower('X'));\n";
  const std::vector<std::string> tenants = {"t1", "t2", "t3", "t4"};
  std::latch all_started(static_cast<std::ptrdiff_t>(tenants.size()));
  std::vector<Prepared> prepared(tenants.size());
  std::vector<int> codes(tenants.size(), -1);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < tenants.size(); ++i)
    threads.emplace_back([&, i] {
      ParsedArgs args;
      args.command = "plan";
      args.options["in-schema"] = {tenants[i]};
      all_started.arrive_and_wait();
      std::ostringstream err;
      codes[i] = Prepare(args, {(dir / "current.sql").string()}, {(dir / "desired.sql").string()},
                         &prepared[i], err);
      if (codes[i] == 0) MakeSaveable(prepared[i]);
    });
  for (auto& t : threads) t.join();
  fs::remove_all(dir);
  for (size_t i = 0; i < tenants.size(); ++i) {
    ASSERT_EQ(codes[i], 0) << tenants[i];
    const planner::Plan& plan = prepared[i].result.plan;
    EXPECT_EQ(plan.in_schema, tenants[i]);
    std::string sql;
    for (const auto& step : plan.steps)
      for (const auto& s : step.sql) sql += s + "\n";
    EXPECT_NE(sql.find("CREATE TABLE " + tenants[i] + ".users"), std::string::npos) << sql;
    EXPECT_NE(sql.find("nextval('users_id_seq'::regclass)"), std::string::npos) << sql;
    EXPECT_NE(plan.desired_sql.find("CREATE TABLE " + tenants[i] + ".users"), std::string::npos);
  }
  EXPECT_EQ(model::InSchema(), "");
}

TEST(Prepare, InSchemaMustNameATenantSchema) {
  for (const char* bad : {"", "keel", "pg_catalog", "pg_toast_1"}) {
    ParsedArgs args;
    args.command = "plan";
    args.options["in-schema"] = {bad};
    Prepared prepared;
    std::ostringstream err;
    EXPECT_EQ(Prepare(args, {}, {}, &prepared, err), 5) << bad;
    EXPECT_NE(err.str().find("keel plan: --in-schema: "), std::string::npos) << err.str();
  }
}

}  // namespace
}  // namespace keel::cli
