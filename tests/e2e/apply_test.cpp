// keel apply, rollback and status against a real PostgreSQL: saved plans, drift, the lock,
// dry runs, preflight, resume after kill -9, rollback, and every exit code they can give.
#include <sstream>

#include "tests/e2e/apply_fixture.h"

namespace {

TEST_F(ApplyTest, SavedPlanAppliesConvergesAndIsRecorded) {
  const std::string before = Checksum();
  SavePlan("--batch-size 300 --batch-pause 1ms");
  Result r = Keel("apply plan.json " + Db() + " --log audit.jsonl");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("postflight re-plan is empty: ok"), std::string::npos) << r.err;
  ExpectConverged();
  EXPECT_EQ(Checksum(), before);
  EXPECT_EQ(Query("SELECT status FROM keel.plans"), "applied");
  EXPECT_EQ(Query("SELECT count(*) FROM keel.steps WHERE status <> 'done'"), "0");
  std::string audit = ReadFile(dir_ / "audit.jsonl");
  EXPECT_NE(audit.find("\"event\":\"step_done\""), std::string::npos);
  EXPECT_NE(audit.find("\"event\":\"batch\""), std::string::npos);

  Result status = Keel("status " + Db());
  EXPECT_EQ(status.code, 0);
  EXPECT_NE(status.out.find("applied"), std::string::npos) << status.out;
  // The same plan again: nothing runs twice.
  r = Keel("apply plan.json " + Db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("applied already"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT count(*) FROM keel.plans"), "1");
}

TEST_F(ApplyTest, DriftAfterPlanningIsRefusedAndChangesNothing) {
  SavePlan();
  Exec("ALTER TABLE items ADD COLUMN added_later integer");
  const std::string before = Dump();
  Result r = Keel("apply plan.json " + Db());
  EXPECT_EQ(r.code, 8) << r.err;
  EXPECT_NE(r.err.find("drift"), std::string::npos) << r.err;
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(Query("SELECT to_regclass('keel.plans')::text"), "");
}

TEST_F(ApplyTest, SecondApplyWhileOneRunsExitsEightNamingTheHolder) {
  SavePlan();
  // An open write on items keeps the first apply's ALTER waiting (and retrying).
  pqxx::connection blocker(db_->conninfo());
  pqxx::work hold(blocker);
  hold.exec("UPDATE items SET name = name WHERE id = 1");
  pid_t first = Background("apply plan.json " + Db() + " --lock-timeout 300ms --retries 50");
  ASSERT_TRUE(Until([&] {
    return Query("SELECT to_regclass('keel.plans')::text") == "keel.plans" &&
           Query("SELECT status FROM keel.plans") == "running";
  }));
  auto start = std::chrono::steady_clock::now();
  Result second = Keel("apply plan.json " + Db() + " --lock-wait 1s");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(second.code, 8) << second.err;
  EXPECT_LT(seconds, 10);
  EXPECT_NE(second.err.find("another apply holds the lock"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("application 'keel apply'"), std::string::npos) << second.err;
  hold.abort();
  EXPECT_EQ(Wait(first), 0) << ReadFile(dir_ / "bg.err");
  ExpectConverged();
}

TEST_F(ApplyTest, DryRunChangesNothing) {
  SavePlan();
  const std::string before = Dump();
  Result r = Keel("apply plan.json " + Db() + " --dry-run");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("not run: runs outside a transaction"), std::string::npos) << r.err;
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(Query("SELECT to_regclass('keel.plans')::text"), "");
}

TEST_F(ApplyTest, DryRunReportsAStepThatWouldFail) {
  Exec("INSERT INTO items VALUES (0, NULL)");  // SET NOT NULL's validation will fail
  SavePlan();
  const std::string before = Dump();
  Result r = Keel("apply plan.json " + Db() + " --dry-run");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("FAILED"), std::string::npos) << r.err;
  EXPECT_EQ(Dump(), before);
}

TEST_F(ApplyTest, PreflightFailsOnALongOpenTransactionAndChangesNothing) {
  SavePlan();
  const std::string before = Dump();
  pqxx::connection other(db_->conninfo());
  pqxx::work open(other);
  open.exec("SELECT txid_current()");
  std::this_thread::sleep_for(1200ms);
  Result r = Keel("apply plan.json " + Db() + " --long-transaction 1s");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("preflight long transactions: FAILED"), std::string::npos) << r.err;
  EXPECT_EQ(Dump(), before);
  open.abort();
}

TEST_F(ApplyTest, FailedStepExitsTwoAndTheSameCommandResumes) {
  Exec("INSERT INTO items VALUES (0, NULL)");
  SavePlan();
  Result r = Keel("apply plan.json " + Db());
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(Query("SELECT status FROM keel.plans"), "failed");
  Result status = Keel("status " + Db());
  EXPECT_NE(status.out.find("failed"), std::string::npos) << status.out;
  Exec("UPDATE items SET name = 'fixed' WHERE id = 0");
  r = Keel("apply plan.json " + Db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("resuming plan #1"), std::string::npos) << r.err;
  ExpectConverged();
}

TEST_F(ApplyTest, RollbackGivesBackTheOriginalSchema) {
  const std::string before = Dump();
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db()).code, 0);
  EXPECT_NE(Dump(), before);
  Result r = Keel("rollback " + Db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(Query("SELECT status FROM keel.plans"), "rolled_back");
}

TEST_F(ApplyTest, RollbackThatCannotRunExitsFour) {
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db()).code, 0);
  Exec("CREATE VIEW tokens AS SELECT token FROM items");  // DROP COLUMN token now fails
  Result r = Keel("rollback " + Db());
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_EQ(Query("SELECT status FROM keel.plans"), "rollback_failed");
  Exec("DROP VIEW tokens");
  r = Keel("rollback " + Db());
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(ApplyTest, PostflightFailureExitsThree) {
  SavePlan();
  // A plan whose desired schema has a table the steps never create.
  std::string plan = ReadFile(dir_ / "plan.json");
  const std::string field = "\"desired_sql\": \"";
  plan.insert(plan.find(field) + field.size(), "CREATE TABLE public.never (id integer);\\n");
  Write("plan.json", plan);
  Result r = Keel("apply plan.json " + Db());
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("postflight re-plan is empty: FAILED"), std::string::npos) << r.err;
}

TEST_F(ApplyTest, HazardsNeedAllowHazards) {
  Write("schema.sql", "CREATE TABLE items (id bigint PRIMARY KEY);\n");
  SavePlan();
  Result r = Keel("apply plan.json " + Db());
  EXPECT_EQ(r.code, 8) << r.err;
  EXPECT_NE(r.err.find("data-loss"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND "
                  "column_name = 'name'"),
            "1");
  // A misspelt code allows nothing: a usage error naming the closest code, database untouched.
  r = Keel("apply plan.json " + Db() + " --allow-hazards index-build,data-los");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("unknown hazard code 'data-los'; did you mean 'data-loss'?"),
            std::string::npos)
      << r.err;
  r = Keel("apply plan.json " + Db() + " --allow-hazards data-loss --backup-dir backups");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("backup written to backups/"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pg_restore"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND "
                  "column_name = 'name'"),
            "0");
}

TEST_F(ApplyTest, UsageAndConnectionErrors) {
  Result r = Keel("apply missing.json " + Db());
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("missing.json"), std::string::npos);
  Write("bad.json", "{\"format\": \"keel.plan/v1\"}");
  r = Keel("apply bad.json " + Db());
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("bad.json is not a keel plan: from: missing"), std::string::npos) << r.err;
  r = Keel("apply --schema schema.sql " + Db());  // stdin is not a terminal
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("--yes"), std::string::npos);
  SavePlan();
  r = Keel("apply plan.json --db 'postgresql://alice:s3cr3t@127.0.0.1:1/app'");
  EXPECT_EQ(r.code, 7) << r.err;
  EXPECT_EQ(r.err.find("s3cr3t"), std::string::npos) << r.err;
}

TEST_F(ApplyTest, SchemaApplyWithYesPlansAndAppliesInOneGo) {
  Result r = Keel("apply --schema schema.sql " + Db() + " --yes");
  EXPECT_EQ(r.code, 0) << r.err;
  ExpectConverged();
}

TEST_F(ApplyTest, EveryRunWritesAJsonReport) {
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db()).code, 0);
  ASSERT_EQ(Keel("postflight " + Db()).code, 0);
  ASSERT_EQ(Keel("rollback " + Db()).code, 0);
  ASSERT_EQ(Keel("preflight plan.json " + Db()).code, 0);
  std::string report, files;
  for (const auto& e : fs::directory_iterator(dir_ / "keel-reports")) {
    files += " '" + e.path().string() + "'";
    if (e.path().filename().string().find("-apply-") != std::string::npos)
      report = ReadFile(e.path());
  }
  // Every report is valid against the published schema.
  std::string validate = "python3 '" KEEL_SOURCE_DIR
                         "/tests/schema/validate_json.py' '" KEEL_SOURCE_DIR
                         "/docs/report.schema.json'" +
                         files + " >'" + (dir_ / "validate.out").string() + "' 2>&1";
  EXPECT_EQ(std::system(validate.c_str()), 0) << ReadFile(dir_ / "validate.out");
  EXPECT_NE(report.find("\"format\": \"keel.report/v1\""), std::string::npos) << report;
  EXPECT_NE(report.find("\"exit_code\": 0"), std::string::npos) << report;
  EXPECT_NE(report.find("\"outcome\": \"done\""), std::string::npos) << report;
  EXPECT_NE(report.find("\"fingerprint_after\": \"fnv1a64:"), std::string::npos) << report;
  EXPECT_EQ(report.find("password"), std::string::npos);
}

TEST_F(ApplyTest, PreflightCommandChecksWithoutChanging) {
  SavePlan();
  const std::string before = Dump();
  Result r = Keel("preflight plan.json " + Db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("preflight replication lag: ok"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("preflight schema fingerprint: ok"), std::string::npos) << r.err;
  Exec("ALTER TABLE items ADD COLUMN drifted integer");
  r = Keel("preflight plan.json " + Db());
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("preflight schema fingerprint: FAILED"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT to_regclass('keel.plans')::text"), "");
}

TEST_F(ApplyTest, PostflightCommandDetectsDriftAndOrphans) {
  SavePlan();
  ASSERT_EQ(Keel("apply plan.json " + Db()).code, 0);
  Result r = Keel("postflight " + Db());  // against the last applied plan's target
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("postflight schema checksum"), std::string::npos) << r.err;
  Exec("ALTER TABLE tags DROP CONSTRAINT tags_item_id_fkey");
  Exec("INSERT INTO tags VALUES (1, 424242)");
  Exec(
      "ALTER TABLE tags ADD CONSTRAINT tags_item_id_fkey FOREIGN KEY (item_id) REFERENCES "
      "items (id) NOT VALID");
  r = Keel("postflight " + Db() + " --schema schema.sql");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("foreign-key orphans: FAILED - rows whose parent is missing: "
                       "tags.tags_item_id_fkey: 1 rows"),
            std::string::npos)
      << r.err;
  Exec("DELETE FROM tags");
  Exec("ALTER TABLE tags VALIDATE CONSTRAINT tags_item_id_fkey");
  Exec("ALTER TABLE items ADD COLUMN drifted integer");
  r = Keel("postflight " + Db() + " --schema schema.sql");
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("drifted"), std::string::npos) << r.err;
}

TEST_F(ApplyTest, RestoreBringsBackABackupAfterTypedConfirmation) {
  Write("schema.sql", "CREATE TABLE items (id bigint PRIMARY KEY);\n");
  const std::string before = Checksum();
  const std::string backup = ApplyWithBackup();
  ASSERT_FALSE(backup.empty());
  Result r;
  r = Keel("restore '" + backup + "' " + Db());
  EXPECT_EQ(r.code, 5) << r.err;  // no terminal and no --confirm-target
  r = Keel("restore '" + backup + "' " + Db() + " --confirm-target wrong");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_EQ(Query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items'"),
            "1");
  r = Keel("restore '" + backup + "' " + Db() + " --confirm-target " + db_->name());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("restored; schema checksum fnv1a64:"), std::string::npos) << r.err;
  EXPECT_EQ(Checksum(), before);
}

// Another table's foreign key into the restored table would stop its DROP TABLE: it is dropped
// and added back in the restore's transaction, its rows checked.
TEST_F(ApplyTest, RestoreKeepsForeignKeysOfOtherTables) {
  Exec(
      "CREATE TABLE tags (id integer PRIMARY KEY, item_id bigint REFERENCES items (id)); "
      "INSERT INTO tags VALUES (1, 7), (2, NULL)");
  Write("schema.sql",
        "CREATE TABLE items (id bigint PRIMARY KEY);\n"
        "CREATE TABLE tags (id integer PRIMARY KEY, item_id bigint REFERENCES items (id));\n");
  const std::string before = Checksum();
  const std::string backup = ApplyWithBackup();
  ASSERT_FALSE(backup.empty());
  Result r;
  r = Keel("restore '" + backup + "' " + Db() + " --confirm-target " + db_->name());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Checksum(), before);
  EXPECT_EQ(Query("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = "
                  "'tags_item_id_fkey'"),
            "FOREIGN KEY (item_id) REFERENCES items(id)");
  EXPECT_EQ(Query("SELECT count(*) FROM tags"), "2");
  // A row the restored table no longer has a parent for stops the restore: nothing changes.
  Exec("INSERT INTO items (id) VALUES (999999); INSERT INTO tags VALUES (3, 999999)");
  r = Keel("restore '" + backup + "' " + Db() + " --confirm-target " + db_->name());
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_NE(r.err.find("tags_item_id_fkey"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT count(*) FROM items WHERE id = 999999"), "1");
}

TEST_F(ApplyTest, ProductionTargetPolicyFromKeelToml) {
  Write("keel.toml",
        "[defaults]\nlock_timeout = \"3s\"\n\n"
        "[targets.staging]\nurl_env = \"KEEL_TEST_STAGING_URL\"\n\n"
        "[targets.production]\nurl_env = \"KEEL_TEST_PROD_URL\"\nproduction = true\n"
        "dry_run_within = \"2h\"\n");
  const std::string env = "KEEL_TEST_PROD_URL='" + db_->conninfo() + "' ";
  // The URL comes from the environment only.
  Result r = Keel("apply plan.json --target production");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("KEEL_TEST_PROD_URL"), std::string::npos) << r.err;
  r = Keel("apply plan.json --target prodcution");
  EXPECT_EQ(r.code, 5);
  EXPECT_NE(r.err.find("did you mean 'production'?"), std::string::npos) << r.err;

  SavePlan();
  auto keel_env = [&](const std::string& args) {
    return Keel("apply " + args + " --target production", env);
  };
  EXPECT_EQ(keel_env("--schema schema.sql --yes --confirm-target production").code, 8);
  EXPECT_EQ(keel_env("plan.json --force --yes --confirm-target production").code, 8);
  EXPECT_EQ(keel_env("plan.json --skip-backup --yes --confirm-target production").code, 8);
  EXPECT_EQ(keel_env("plan.json").code, 5);  // nobody typed the name
  EXPECT_EQ(keel_env("plan.json --yes --confirm-target staging").code, 5);
  const std::string before = Dump();
  r = keel_env("plan.json --yes --confirm-target production");
  EXPECT_EQ(r.code, 8) << r.err;  // no dry run yet
  EXPECT_NE(r.err.find("--dry-run"), std::string::npos) << r.err;
  EXPECT_EQ(Dump(), before);  // refusals change nothing
  r = keel_env("plan.json --dry-run");
  EXPECT_EQ(r.code, 0) << r.err;
  r = keel_env("plan.json --yes --confirm-target production");
  EXPECT_EQ(r.code, 0) << r.err;
  ExpectConverged();
}

TEST_F(ApplyTest, IndexBuildProgressIsReported) {
  Write("schema.sql",
        "CREATE TABLE items (id bigint PRIMARY KEY, name text);\n"
        "CREATE INDEX items_name ON items (name);\n");
  SavePlan();
  // A writer keeps the concurrent build waiting for a few seconds.
  pqxx::connection writer(db_->conninfo());
  pqxx::work open(writer);
  open.exec("UPDATE items SET name = name WHERE id = 1");
  std::thread release([&] {
    std::this_thread::sleep_for(3s);
    open.abort();
  });
  Result r = Keel("apply plan.json " + Db() + " --log audit.jsonl");
  release.join();
  EXPECT_EQ(r.code, 0) << r.err;
  std::string audit = ReadFile(dir_ / "audit.jsonl");
  EXPECT_NE(audit.find("\"event\":\"index_progress\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("waiting for"), std::string::npos) << audit;
}

// The sequence docs/runbook.md gives for a production target, command by command.
TEST_F(ApplyTest, RunbookSequenceForAProductionTarget) {
  Write("keel.toml", "[targets.production]\nurl_env = \"KEEL_TEST_PROD_URL\"\nproduction = true\n");
  // No table refers to items: a table backup restores by dropping and recreating it.
  Write("schema.sql",
        "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL,\n"
        "  token uuid NOT NULL DEFAULT gen_random_uuid());\n"
        "CREATE INDEX items_name ON items (name);\n");
  const std::string env = "KEEL_TEST_PROD_URL='" + db_->conninfo() + "' ";
  const std::string original = Dump(), rows = Checksum();
  // Release 1: the desired schema; release 2 drops a column (a destructive, backed-up step).
  ASSERT_EQ(
      Keel("plan --schema schema.sql --target production --format json --out r1.json", env).code,
      0);
  EXPECT_EQ(Keel("preflight r1.json --target production", env).code, 0);
  EXPECT_EQ(Keel("apply r1.json --target production --dry-run", env).code, 0);
  Result r = Keel("apply r1.json --target production --yes --confirm-target production", env);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Keel("postflight --target production --schema schema.sql", env).code, 0);
  const std::string release1 = Dump();

  const std::string tokens =
      Query("SELECT md5(string_agg(token::text, ',' ORDER BY id)) FROM items");
  Write("schema.sql", "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL);\n");
  ASSERT_EQ(
      Keel("plan --schema schema.sql --target production --format json --out r2.json", env).code,
      0);
  EXPECT_EQ(Keel("apply r2.json --target production --dry-run", env).code, 0);
  r = Keel(
      "apply r2.json --target production --yes --confirm-target production "
      "--allow-hazards data-loss",
      env);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("backup written to backups/"), std::string::npos) << r.err;
  EXPECT_EQ(Keel("postflight --target production", env).code, 0);
  Result status = Keel("status --target production", env);
  EXPECT_NE(status.out.find("#2"), std::string::npos) << status.out;

  // Undo release 2 (the column comes back empty), then restore its rows from the backup.
  r = Keel("rollback --target production", env);
  ASSERT_EQ(r.code, 0) << r.err;
  std::string backup;
  for (const auto& e : fs::directory_iterator(dir_ / "backups")) backup = e.path().string();
  r = Keel("restore '" + backup + "' --target production --confirm-target nope", env);
  EXPECT_EQ(r.code, 5) << r.err;
  r = Keel("restore '" + backup + "' --target production --confirm-target production", env);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Checksum(), rows);
  EXPECT_EQ(Query("SELECT md5(string_agg(token::text, ',' ORDER BY id)) FROM items"), tokens);
  // Both releases undone, oldest last: the original schema.
  r = Keel("rollback --target production --steps 2", env);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Dump(), original);
}

// Kill -9 of keel at points of the run; the same command resumes and converges, with every
// row kept exactly once.
class KillTest : public ApplyTest {
 protected:
  int Rows() const override { return 30000; }

  void KillWhen(const std::function<bool(const std::string& log)>& when) {
    const std::string before = Checksum();
    SavePlan("--batch-size 500 --batch-pause 20ms");
    pid_t pid = Background("apply plan.json " + Db() + " --log audit.jsonl");
    bool hit = Until([&] { return when(ReadFile(dir_ / "audit.jsonl")); }, 60);
    kill(pid, SIGKILL);
    Wait(pid);
    ASSERT_TRUE(hit) << ReadFile(dir_ / "bg.err");
    Result r = Keel("apply plan.json " + Db() + " --lock-wait 20s --log resume.jsonl");
    ASSERT_EQ(r.code, 0) << r.err;
    ExpectConverged();
    EXPECT_EQ(Checksum(), before);
    EXPECT_EQ(Query("SELECT count(*) FROM keel.plans"), "1");
  }
};

TEST_F(KillTest, InsideABackfillResumesFromTheLastBatch) {
  KillWhen([](const std::string& log) { return log.find("\"batches\":10,") != std::string::npos; });
  // The resumed run started after the recorded key, not from the first row.
  std::string resumed = ReadFile(dir_ / "resume.jsonl");
  EXPECT_NE(resumed.find("\"event\":\"batch\""), std::string::npos);
  EXPECT_EQ(resumed.find("\"batches\":55,"), std::string::npos);
}

TEST_F(KillTest, AtEveryStepBoundary) {
  SavePlan();
  Result plan = Keel("plan --schema schema.sql " + Db() + " --format json");
  int steps = 0;
  for (size_t at = 0; (at = plan.out.find("{\"id\": ", at)) != std::string::npos; ++at) ++steps;
  ASSERT_GT(steps, 5);
  for (int n = 1; n < steps; ++n) {
    SCOPED_TRACE("killed after step " + std::to_string(n));
    TearDown();
    SetUp();
    KillWhen([n](const std::string& log) {
      std::istringstream lines(log);
      for (std::string line; std::getline(lines, line);)
        if (line.find("\"event\":\"step_done\"") != std::string::npos &&
            line.find("\"step\":" + std::to_string(n) + ",") != std::string::npos)
          return true;
      return false;
    });
  }
}

TEST_F(KillTest, InsideAConcurrentIndexBuild) {
  // An open writing transaction keeps CREATE INDEX CONCURRENTLY waiting, with its INVALID
  // index already in the catalog.
  pqxx::connection writer(db_->conninfo());
  auto open = std::make_unique<pqxx::work>(writer);
  open->exec("UPDATE items SET name = name WHERE id = 1");
  std::thread release([&] {
    std::this_thread::sleep_for(4s);
    open->abort();
  });
  KillWhen([this](const std::string& log) {
    return log.find("create index") != std::string::npos &&
           Query(
               "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
               "WHERE c.relname = 'items_name' AND NOT i.indisvalid") == "1";
  });
  release.join();
}

}  // namespace
