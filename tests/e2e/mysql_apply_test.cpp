// keel plan/apply/rollback/status against the fixture's MariaDB, as users run the binary:
// convergence, drift and lock refusals, kill -9 while a statement waits and resume, a statement
// that took effect before the kill, the backup before a destructive step, rollbacks.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "tests/support/live_db.h"
#include "tests/support/mysql_db.h"

namespace {

namespace fs = std::filesystem;
using keel::introspect::mysql::Connection;
using Result = keel::testing::CommandResult;

// Online on MariaDB: varchar(50) -> varchar(60) stays within one length byte in utf8mb4.
const char* kDesired = R"sql(
CREATE TABLE items (
  id bigint NOT NULL,
  name varchar(60) NOT NULL,
  price decimal(10,2) NOT NULL DEFAULT 0.00,
  PRIMARY KEY (id),
  KEY items_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE tags (
  id int NOT NULL,
  item_id bigint,
  PRIMARY KEY (id),
  CONSTRAINT tags_item FOREIGN KEY (item_id) REFERENCES items (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
)sql";

class MySqlApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KEEL_REQUIRE_MYSQL();
    dir_ = fs::temp_directory_path() /
           ("keel-myapply-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = std::make_unique<keel::testing::ScratchMySqlDatabase>("keel_apply");
    conn_ = std::make_unique<Connection>(db_->url());
    conn_->Execute(
        "CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, name varchar(50) NOT NULL) "
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
    conn_->Execute("INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_2000");
    Write("schema.sql", kDesired);
  }
  void TearDown() override {
    if (conn_) {
      try {
        conn_->Execute(
            "DELETE s FROM keel.steps s JOIN keel.plans p ON p.id = s.plan_id WHERE "
            "p.scope = '" +
            db_->name() + "'");
        conn_->Execute("DELETE FROM keel.plans WHERE scope = '" + db_->name() + "'");
      } catch (const std::exception&) {
        // No journal was made.
      }
    }
    conn_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string Db() const { return "--db '" + db_->url() + "'"; }
  std::string Command(const std::string& args) const {
    return "cd '" + dir_.string() + "' && exec " KEEL_BINARY " " + args;
  }
  Result Keel(const std::string& args) { return keel::testing::RunShell(Command(args), dir_); }
  std::string Query(const std::string& sql) {
    auto rows = conn_->Query(sql);
    return rows.rows.empty() ? "" : rows.rows[0][0].value_or("");
  }
  std::string Checksum() {
    return Query(
        "SELECT CONCAT(COUNT(*), ':', MD5(GROUP_CONCAT(id, '/', name ORDER BY id))) "
        "FROM items");
  }
  void SavePlan() {
    Result r = Keel("plan --schema schema.sql " + Db() + " --format json --out plan.json");
    ASSERT_EQ(r.code, 0) << r.err;
  }
  void ExpectConverged() {
    Result again = Keel("plan --schema schema.sql " + Db() + " --exit-code");
    EXPECT_EQ(again.code, 0) << again.out << again.err;
  }

  fs::path dir_;
  std::unique_ptr<keel::testing::ScratchMySqlDatabase> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(MySqlApplyTest, AppliesASavedPlanAndRecordsItInTheJournal) {
  const std::string before = Checksum();
  SavePlan();
  Result r = Keel("apply plan.json " + Db() + " --report-dir ''");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("applied plan #"), std::string::npos) << r.err;
  EXPECT_EQ(Checksum(), before);
  ExpectConverged();
  Result status = Keel("status " + Db());
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("applied"), std::string::npos) << status.out;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM keel.steps s JOIN keel.plans p ON p.id = s.plan_id "
                  "WHERE p.scope = '" +
                  db_->name() + "' AND s.status <> 'done'"),
            "0");
  // The same plan again: nothing to do.
  Result again = Keel("apply plan.json " + Db() + " --report-dir ''");
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("applied already"), std::string::npos) << again.err;
}

TEST_F(MySqlApplyTest, RefusesADriftedDatabase) {
  SavePlan();
  conn_->Execute("ALTER TABLE items ADD COLUMN extra int");
  Result r = Keel("apply plan.json " + Db() + " --report-dir ''");
  EXPECT_EQ(r.code, 8) << r.err;
  EXPECT_NE(r.err.find("drift"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                  db_->name() + "' AND TABLE_NAME = 'tags'"),
            "0");
}

TEST_F(MySqlApplyTest, RefusesWhileAnotherApplyHoldsTheLock) {
  SavePlan();
  Connection holder(db_->url());
  ASSERT_EQ(holder.Query("SELECT GET_LOCK('keel.apply:" + db_->name() + "', 0)").rows[0][0], "1");
  Result r = Keel("apply plan.json " + Db() + " --lock-wait 200ms --report-dir ''");
  EXPECT_EQ(r.code, 8) << r.err;
  EXPECT_NE(r.err.find("another apply holds the lock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("connection "), std::string::npos) << r.err;
}

TEST_F(MySqlApplyTest, KilledWhileWaitingForALockResumes) {
  const std::string before = Checksum();
  SavePlan();
  // An open transaction holds the metadata lock every ALTER of items needs.
  Connection blocker(db_->url());
  blocker.Execute("START TRANSACTION");
  blocker.Query("SELECT COUNT(*) FROM items");
  pid_t pid = keel::testing::RunInBackground(
      Command("apply plan.json " + Db() +
              " --lock-timeout 1s --retries 100 --force --report-dir ''"),
      (dir_ / "bg.out").string(), (dir_ / "bg.err").string());
  ASSERT_TRUE(keel::testing::Until(
      [&] {
        return Query(
                   "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE "
                   "'Waiting for table metadata lock'") != "0";
      },
      30))
      << keel::testing::ReadFile((dir_ / "bg.err").string());
  kill(pid, SIGKILL);
  keel::testing::WaitFor(pid);
  Result status = Keel("status " + Db());
  EXPECT_NE(status.out.find("DIRTY"), std::string::npos) << status.out;
  blocker.Execute("ROLLBACK");
  Result resumed = Keel("apply plan.json " + Db() + " --report-dir ''");
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming plan #"), std::string::npos) << resumed.err;
  EXPECT_EQ(Checksum(), before);
  ExpectConverged();
}

TEST_F(MySqlApplyTest, AStatementThatTookEffectBeforeTheKillIsReconciled) {
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db() + " --report-dir ''").code, 0);
  // As if keel died after the server ran the last statement but before the journal said so.
  const std::string plan =
      Query("SELECT MAX(id) FROM keel.plans WHERE scope = '" + db_->name() + "'");
  conn_->Execute("UPDATE keel.plans SET status = 'running' WHERE id = " + plan);
  conn_->Execute(
      "UPDATE keel.steps SET status = 'running', statements_done = 0 WHERE plan_id = " + plan +
      " AND step = (SELECT MAX(step) FROM keel.steps WHERE plan_id = " + plan + ")");
  Result r = Keel("apply plan.json " + Db() + " --report-dir ''");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("resuming plan #" + plan), std::string::npos) << r.err;
  ExpectConverged();
}

TEST_F(MySqlApplyTest, BacksUpBeforeDroppingAColumn) {
  conn_->Execute("ALTER TABLE items ADD COLUMN legacy varchar(20) DEFAULT 'keep me'");
  Write("schema.sql",
        "CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, name varchar(50) NOT NULL) "
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
  SavePlan();
  Result refused = Keel("apply plan.json " + Db() + " --report-dir ''");
  EXPECT_EQ(refused.code, 8) << refused.err;  // data loss needs --allow-hazards
  Result r =
      Keel("apply plan.json " + Db() + " --allow-hazards all --backup-dir backups --report-dir ''");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("backup written to"), std::string::npos) << r.err;
  std::string dump;
  for (const auto& e : fs::directory_iterator(dir_ / "backups"))
    if (e.path().extension() == ".sql") dump = keel::testing::ReadFile(e.path().string());
  EXPECT_NE(dump.find("keep me"), std::string::npos);
  ExpectConverged();
}

// The schema SetUp creates, as a file: what a rollback must bring back.
const char* kInitial =
    "CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, name varchar(50) NOT NULL) "
    "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;";

TEST_F(MySqlApplyTest, RollbackUndoesTheAppliedPlan) {
  const std::string before = Checksum();
  Write("initial.sql", kInitial);
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db() + " --report-dir ''").code, 0);
  Result r = Keel("rollback " + Db());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("rolled back"), std::string::npos) << r.err;
  EXPECT_EQ(Checksum(), before);
  Result back = Keel("plan --schema initial.sql " + Db() + " --exit-code");
  EXPECT_EQ(back.code, 0) << back.out << back.err;
  EXPECT_NE(Keel("status " + Db()).out.find("rolled_back"), std::string::npos);
  Result again = Keel("rollback " + Db());
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("no applied plan left"), std::string::npos) << again.err;
  // Applied again after the rollback, it converges again.
  ASSERT_EQ(Keel("apply --schema schema.sql " + Db() + " --yes --report-dir ''").code, 0);
  ExpectConverged();
}

// A plan that failed half way: the rollback undoes the steps that ran, not the one that failed.
TEST_F(MySqlApplyTest, RollbackOfAFailedApplyUndoesWhatRan) {
  Write("initial.sql", kInitial);
  conn_->Execute("UPDATE items SET name = 'twice' WHERE id <= 2");
  Write("schema.sql",
        std::string(kInitial) +
            "\nCREATE TABLE tags (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB "
            "DEFAULT CHARSET=utf8mb4;\nCREATE UNIQUE INDEX items_name ON items (name);");
  SavePlan();
  Result failed = Keel("apply plan.json " + Db() + " --report-dir ''");
  ASSERT_EQ(failed.code, 2) << failed.err;
  EXPECT_NE(failed.err.find("Duplicate entry"), std::string::npos) << failed.err;
  ASSERT_EQ(Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                  db_->name() + "' AND TABLE_NAME = 'tags'"),
            "1");
  Result r = Keel("rollback " + Db());
  ASSERT_EQ(r.code, 0) << r.err;
  Result back = Keel("plan --schema initial.sql " + Db() + " --exit-code");
  EXPECT_EQ(back.code, 0) << back.out << back.err;
}

// A rollback that cannot take its lock in time stops (exit 4), says how far it got, and the
// next keel rollback goes on from there.
TEST_F(MySqlApplyTest, AnInterruptedRollbackContinues) {
  Write("initial.sql", kInitial);
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db() + " --report-dir ''").code, 0);
  Connection blocker(db_->url());
  blocker.Execute("START TRANSACTION");
  blocker.Query("SELECT COUNT(*) FROM items");
  Result stopped = Keel("rollback " + Db() + " --retries 0");
  EXPECT_EQ(stopped.code, 4) << stopped.err;
  EXPECT_NE(stopped.err.find("run keel rollback again"), std::string::npos) << stopped.err;
  Result status = Keel("status " + Db());
  EXPECT_NE(status.out.find("rollback_failed"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("undo_failed"), std::string::npos) << status.out;
  blocker.Execute("ROLLBACK");
  Result r = Keel("rollback " + Db());
  ASSERT_EQ(r.code, 0) << r.err;
  Result back = Keel("plan --schema initial.sql " + Db() + " --exit-code");
  EXPECT_EQ(back.code, 0) << back.out << back.err;
}

// A foreign key on a table that has rows is added in place without checking them, then a query
// checks them: an orphan stops the apply (exit 2) with the row named, and once it is fixed the
// same command goes on from the check.
TEST_F(MySqlApplyTest, AForeignKeyAddedInPlaceStillFindsOrphanRows) {
  conn_->Execute(
      "CREATE TABLE tags (id int NOT NULL PRIMARY KEY, item_id bigint, KEY tags_item (item_id)) "
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  conn_->Execute("INSERT INTO tags VALUES (1, 10), (2, NULL), (3, 99999)");
  Write("schema.sql",
        std::string(kInitial) +
            "\nCREATE TABLE tags (id int NOT NULL PRIMARY KEY, item_id bigint, KEY tags_item "
            "(item_id), CONSTRAINT tags_item_fk FOREIGN KEY (item_id) REFERENCES items (id)) "
            "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;");
  SavePlan();
  Result shown = Keel("plan --schema schema.sql " + Db());
  EXPECT_NE(shown.out.find("ALGORITHM=INPLACE, LOCK=NONE"), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find("table-rewrite"), std::string::npos) << shown.out;
  Result stopped = Keel("apply plan.json " + Db() + " --report-dir ''");
  ASSERT_EQ(stopped.code, 2) << stopped.err;
  EXPECT_NE(stopped.err.find("item_id = 99999"), std::string::npos) << stopped.err;
  // Writes are checked from the moment the key exists.
  EXPECT_THROW(conn_->Execute("INSERT INTO tags VALUES (4, 88888)"),
               keel::introspect::mysql::SqlError);
  conn_->Execute("DELETE FROM tags WHERE id = 3");
  Result resumed = Keel("apply plan.json " + Db() + " --report-dir ''");
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming plan #"), std::string::npos) << resumed.err;
  ExpectConverged();
}

TEST_F(MySqlApplyTest, PreflightAndPostflightCheckTheTarget) {
  SavePlan();
  Result before = Keel("preflight plan.json " + Db());
  ASSERT_EQ(before.code, 0) << before.err;
  EXPECT_NE(before.err.find("metadata lock waits"), std::string::npos) << before.err;
  EXPECT_NE(before.err.find("as the plan expects"), std::string::npos) << before.err;
  conn_->Execute("ALTER TABLE items ADD COLUMN extra int");
  Result drifted = Keel("preflight plan.json " + Db());
  EXPECT_EQ(drifted.code, 1) << drifted.err;
  conn_->Execute("ALTER TABLE items DROP COLUMN extra");
  ASSERT_EQ(Keel("apply plan.json " + Db() + " --report-dir ''").code, 0);
  Result after = Keel("postflight " + Db());
  EXPECT_EQ(after.code, 0) << after.err;
  EXPECT_NE(after.err.find("schema checksum"), std::string::npos) << after.err;
  Write("initial.sql", kInitial);
  Result other = Keel("postflight " + Db() + " --schema initial.sql");
  EXPECT_EQ(other.code, 3) << other.err;
  EXPECT_NE(other.err.find("drop table tags"), std::string::npos) << other.err;
}

// The backup written before a destructive step restores the table with its rows, after the
// target's name is typed (--confirm-target).
TEST_F(MySqlApplyTest, RestoreBringsBackTheBackedUpTable) {
  conn_->Execute("ALTER TABLE items ADD COLUMN legacy varchar(20) DEFAULT 'keep me'");
  Write("schema.sql", kInitial);
  SavePlan();
  ASSERT_EQ(
      Keel("apply plan.json " + Db() + " --allow-hazards all --backup-dir backups --report-dir ''")
          .code,
      0);
  std::string backup;
  for (const auto& e : fs::directory_iterator(dir_ / "backups"))
    if (e.path().extension() == ".sql") backup = e.path().string();
  ASSERT_FALSE(backup.empty());
  Result wrong = Keel("restore '" + backup + "' " + Db() + " --confirm-target nope");
  EXPECT_EQ(wrong.code, 5) << wrong.err;
  Result r = Keel("restore '" + backup + "' " + Db() + " --confirm-target " + db_->name());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("restored; schema checksum"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM items WHERE legacy = 'keep me'"), "2000");
}

// --verify applies the plan to a scratch database on the same server (then dropped) and
// re-plans; a MySQL plan between files needs a server named.
TEST_F(MySqlApplyTest, VerifyChecksThePlanOnAShadowDatabase) {
  const std::string databases = "SELECT COUNT(*) FROM information_schema.SCHEMATA";
  const std::string before = Query(databases);
  Result r = Keel("plan --schema schema.sql " + Db() + " --verify");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("verified"), std::string::npos) << r.err;
  EXPECT_EQ(Query(databases), before);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                  db_->name() + "' AND TABLE_NAME = 'tags'"),
            "0");
  Write("initial.sql", kInitial);
  Result offline = Keel("diff --from initial.sql --to schema.sql --dialect mysql --verify");
  EXPECT_EQ(offline.code, 5) << offline.err;
  Result shadow =
      Keel("diff --from initial.sql --to schema.sql --dialect mysql --verify --shadow '" +
           db_->url() + "'");
  EXPECT_EQ(shadow.code, 0) << shadow.err;
}

// A fleet of MySQL databases: planned per target, applied canary first, and its status read
// from each database's journal.
TEST_F(MySqlApplyTest, AFleetOfMySqlDatabasesConverges) {
  keel::testing::ScratchMySqlDatabase other("keel_fleet");
  Connection(other.url())
      .Execute(
          "CREATE TABLE items (id bigint NOT NULL PRIMARY KEY, name varchar(50) NOT NULL, extra "
          "int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  Write("targets.toml", "[[target]]\nname = \"one\"\nurl = \"" + db_->url() +
                            "\"\n\n[[target]]\nname = \"two\"\nurl = \"" + other.url() + "\"\n");
  Result plan = Keel("fleet plan --schema schema.sql --targets targets.toml --out fleet.json");
  ASSERT_EQ(plan.code, 0) << plan.err;
  EXPECT_NE(plan.out.find("2 plans"), std::string::npos) << plan.out;
  Result apply = Keel("fleet apply fleet.json --yes --skip-backup --allow-hazards all");
  ASSERT_EQ(apply.code, 0) << apply.out << apply.err;
  Result status = Keel("fleet status fleet.json");
  EXPECT_EQ(status.code, 0) << status.out << status.err;
  EXPECT_EQ(status.out.find("unreachable"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("applied"), std::string::npos) << status.out;
  Result again = Keel("fleet plan --schema schema.sql --targets targets.toml");
  EXPECT_NE(again.out.find("2 up to date"), std::string::npos) << again.out;
  // The second target's journal rows (the fixture clears the first's).
  Connection(db_->url())
      .Execute(
          "DELETE s FROM keel.steps s JOIN keel.plans p ON p.id = s.plan_id WHERE p.scope = '" +
          other.name() + "'");
  Connection(db_->url()).Execute("DELETE FROM keel.plans WHERE scope = '" + other.name() + "'");
}

TEST_F(MySqlApplyTest, DryRunAndMixedDialectsAreUsageErrors) {
  SavePlan();
  EXPECT_EQ(Keel("apply plan.json " + Db() + " --dry-run").code, 5);
  Result mixed = Keel("diff --from '" + db_->url() + "' --to postgresql://localhost/x");
  EXPECT_EQ(mixed.code, 5) << mixed.err;
  EXPECT_NE(mixed.err.find("one dialect"), std::string::npos) << mixed.err;
  Result unknown = Keel("diff --from schema.sql --to schema.sql --dialect oracle");
  EXPECT_EQ(unknown.code, 5) << unknown.err;
  Result offline = Keel("diff --from schema.sql --to schema.sql --dialect mysql --exit-code");
  EXPECT_EQ(offline.code, 0) << offline.err;
}

// Every MySQL example, with its seed rows, applied version by version with keel apply,
// converges.
TEST_F(MySqlApplyTest, EveryMySqlExampleAppliesWithRowsAndConverges) {
  const fs::path root = fs::path(KEEL_SOURCE_DIR) / "examples";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory() ||
        keel::testing::ReadFile((entry.path() / "dialect").string()).rfind("mysql", 0) != 0)
      continue;
    SCOPED_TRACE(entry.path().string());
    keel::testing::ScratchMySqlDatabase example("keel_example");
    Connection conn = example.Connect();
    const std::string db = "--db '" + example.url() + "'";
    auto run_dir = [&](const fs::path& dir) {
      std::vector<fs::path> files;
      for (const auto& f : fs::directory_iterator(dir)) files.push_back(f.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files)
        keel::testing::RunMySqlScript(conn, keel::testing::ReadFile(f.string()));
    };
    auto seed = [&](int v) {
      fs::path s = entry.path() / ("seed-v" + std::to_string(v) + ".sql");
      if (fs::exists(s)) keel::testing::RunMySqlScript(conn, keel::testing::ReadFile(s.string()));
    };
    run_dir(entry.path() / "v1");
    seed(1);
    for (int v = 2; fs::exists(entry.path() / ("v" + std::to_string(v))); ++v) {
      const std::string schema =
          "--schema '" + (entry.path() / ("v" + std::to_string(v))).string() + "' " + db;
      Result r = Keel("apply " + schema + " --yes --allow-hazards all --skip-backup --quiet " +
                      "--report-dir ''");
      ASSERT_EQ(r.code, 0) << v << "\n" << r.out << r.err;
      Result again = Keel("plan " + schema + " --exit-code");
      EXPECT_EQ(again.code, 0) << v << "\n" << again.out << again.err;
      seed(v);
    }
    conn.Execute(
        "DELETE s FROM keel.steps s JOIN keel.plans p ON p.id = s.plan_id WHERE "
        "p.scope = '" +
        example.name() + "'");
    conn.Execute("DELETE FROM keel.plans WHERE scope = '" + example.name() + "'");
    checked++;
  }
  EXPECT_GE(checked, 1);
}

// The real-world MySQL schemas loaded into MariaDB plan empty against their own files, and
// keel dump round-trips them: the dump loads into a new database that diffs empty, and the
// split dump plans empty.
TEST_F(MySqlApplyTest, RealWorldSchemasPlanEmptyAndDumpRoundTrips) {
  const fs::path dir = fs::path(KEEL_SOURCE_DIR) / ".." / "shared" / "realworld" / "mysql";
  if (!fs::exists(dir)) GTEST_SKIP() << dir << " is absent";
  for (const std::string name : {"sakila", "sharetribe"}) {
    SCOPED_TRACE(name);
    const fs::path file = dir / (name + ".sql");
    keel::testing::ScratchMySqlDatabase live("keel_rw"), copy("keel_rw_copy");
    Connection conn = live.Connect();
    std::string text = keel::testing::ReadFile(file.string());
    // sakila names its database; load it into ours (tests run in parallel).
    for (const std::string stmt :
         {"USE sakila;", "CREATE SCHEMA sakila;", "DROP SCHEMA IF EXISTS sakila;", "sakila."})
      for (size_t at; (at = text.find(stmt)) != std::string::npos;) text.erase(at, stmt.size());
    keel::testing::RunMySqlScript(conn, text);
    const std::string db = "--db '" + live.url() + "'";
    Result plan = Keel("plan --schema '" + file.string() + "' " + db + " --exit-code --quiet");
    EXPECT_EQ(plan.code, 0) << plan.out << plan.err;
    Result dump = Keel("dump " + db + " --out dump.sql");
    ASSERT_EQ(dump.code, 0) << dump.err;
    Connection copy_conn = copy.Connect();
    keel::testing::RunMySqlScript(copy_conn, keel::testing::ReadFile((dir_ / "dump.sql").string()));
    Result same = Keel("diff --from '" + live.url() + "' --to '" + copy.url() + "' --exit-code");
    EXPECT_EQ(same.code, 0) << same.out << same.err;
    Result split = Keel("dump " + db + " --split split-" + name);
    ASSERT_EQ(split.code, 0) << split.err;
    EXPECT_TRUE(fs::exists(dir_ / ("split-" + name) / "tables"));
    Result from_split = Keel("plan --schema split-" + name + " " + db + " --exit-code");
    EXPECT_EQ(from_split.code, 0) << from_split.out << from_split.err;
  }
}

TEST_F(MySqlApplyTest, UnreachableServerIsExit7WithoutThePassword) {
  Result r = Keel("plan --schema schema.sql --db mysql://root:sekrit@127.0.0.1:1/x");
  EXPECT_EQ(r.code, 7) << r.err;
  EXPECT_EQ(r.err.find("sekrit"), std::string::npos) << r.err;
}

}  // namespace
