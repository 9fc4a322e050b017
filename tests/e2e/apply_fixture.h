// The fixture of the apply tests: a scratch database holding a populated table items, a
// scratch directory with the desired schema.sql, and keel run as a user runs it.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "tests/support/live_db.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using Result = keel::testing::CommandResult;
using keel::testing::ReadFile;

// The desired schema of most tests: a required column with a volatile default (backfilled),
// an index built concurrently, a NOT NULL through a validated check, a new table with an FK.
const char* kDesired = R"sql(
CREATE TABLE items (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  token uuid NOT NULL DEFAULT gen_random_uuid()
);
CREATE INDEX items_name ON items (name);
CREATE TABLE tags (id integer PRIMARY KEY, item_id bigint REFERENCES items (id));
)sql";

class ApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KEEL_REQUIRE_SERVER();
    dir_ = fs::temp_directory_path() /
           ("keel-apply-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = std::make_unique<keel::testing::ScratchDatabase>("keel_apply");
    Exec(
        "CREATE TABLE items (id bigint PRIMARY KEY, name text); "
        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, " +
        std::to_string(Rows()) + ") g");
    Write("schema.sql", kDesired);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  virtual int Rows() const { return 2000; }

  fs::path Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  std::string Db() const { return "--db '" + db_->conninfo() + "'"; }

  // `env` is "NAME='value' " assignments for keel's environment.
  std::string Command(const std::string& args, const std::string& env = "") const {
    return "cd '" + dir_.string() + "' && " + env + "exec " KEEL_BINARY " " + args;
  }

  Result Keel(const std::string& args, const std::string& env = "") {
    return keel::testing::RunShell(Command(args, env), dir_);
  }

  // Starts keel in the background; its output goes to bg.out/bg.err.
  pid_t Background(const std::string& args) {
    return keel::testing::RunInBackground(Command(args), (dir_ / "bg.out").string(),
                                          (dir_ / "bg.err").string());
  }
  static int Wait(pid_t pid) { return keel::testing::WaitFor(pid); }
  static bool Until(const std::function<bool()>& ready, double seconds = 30) {
    return keel::testing::Until(ready, seconds);
  }

  std::string Query(const std::string& sql) {
    pqxx::connection c(db_->conninfo());
    pqxx::nontransaction tx(c);
    auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].c_str();
  }
  void Exec(const std::string& sql) {
    pqxx::connection c(db_->conninfo());
    pqxx::nontransaction tx(c);
    tx.exec(sql);
  }

  std::string Dump() {
    Result r = Keel("dump " + Db());
    EXPECT_EQ(r.code, 0) << r.err;
    return r.out;
  }
  // Every row of items that existed before the plan, in order: no row lost or duplicated.
  std::string Checksum() {
    return Query(
        "SELECT count(*) || ':' || md5(string_agg(id || '/' || name, ',' ORDER BY id)) "
        "FROM items");
  }

  Result SavePlan(const std::string& extra = "") {
    Result r = Keel("plan --schema schema.sql " + Db() + " --format json --out plan.json " + extra);
    EXPECT_EQ(r.code, 0) << r.err;
    return r;
  }

  // Saves the plan of schema.sql and applies it (data loss allowed) with a backup into b/;
  // the backup's path, or empty.
  std::string ApplyWithBackup() {
    SavePlan();
    Result r = Keel("apply plan.json " + Db() + " --allow-hazards data-loss --backup-dir b");
    EXPECT_EQ(r.code, 0) << r.err;
    std::string backup;
    if (fs::exists(dir_ / "b"))
      for (const auto& e : fs::directory_iterator(dir_ / "b")) backup = e.path().string();
    return backup;
  }

  void ExpectConverged() {
    Result r = Keel("plan --schema schema.sql " + Db() + " --exit-code");
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_EQ(Query("SELECT count(*) FROM items WHERE token IS NULL"), "0");
  }

  fs::path dir_;
  std::unique_ptr<keel::testing::ScratchDatabase> db_;
};

}  // namespace
