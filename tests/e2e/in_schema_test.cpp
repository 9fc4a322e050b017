// Schema per tenant (--in-schema): one set of unqualified schema files applied to each tenant
// schema of one database, beside unrelated objects in public (the fixture's items).
#include <string>

#include "tests/e2e/apply_fixture.h"

namespace {

// A tenant's files. mood also exists in public with other labels: a tenant's unqualified
// names must resolve to its own schema, in the plan and when it runs.
const char* kTenant = R"sql(
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  token uuid NOT NULL DEFAULT gen_random_uuid()
);
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  email text NOT NULL CHECK (email <> ''),
  feeling mood NOT NULL DEFAULT 'ok',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_email ON users (lower(email));
CREATE VIEW happy_users AS SELECT id, email FROM users WHERE feeling = 'ok';
)sql";

// t1 does not exist; t2 has its first migration only, with rows to backfill; t3 has all of it
// but drifted: a column dropped, an index added.
const char* kTenants = R"sql(
CREATE TYPE public.mood AS ENUM ('x');
CREATE TABLE public.users (id integer PRIMARY KEY);
CREATE SCHEMA t2;
CREATE TYPE t2.mood AS ENUM ('ok', 'sad');
CREATE TABLE t2.accounts (id bigserial PRIMARY KEY, name text NOT NULL);
INSERT INTO t2.accounts (name) SELECT 'account ' || g FROM generate_series(1, 3000) g;
CREATE SCHEMA t3;
SET search_path = t3;
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE accounts (id bigserial PRIMARY KEY, name text NOT NULL,
                       token uuid NOT NULL DEFAULT gen_random_uuid());
CREATE TABLE users (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id),
                    email text NOT NULL CHECK (email <> ''), feeling mood NOT NULL DEFAULT 'ok');
CREATE INDEX users_email ON users (lower(email));
CREATE INDEX users_account ON users (account_id);
CREATE VIEW happy_users AS SELECT id, email FROM users WHERE feeling = 'ok';
)sql";

class InSchemaTest : public ApplyTest {
 protected:
  void SetUp() override {
    ApplyTest::SetUp();
    if (IsSkipped()) return;
    std::string output;
    ASSERT_EQ(db_->RunSql(kTenants, &output), 0) << output;
    Write("tenant.sql", kTenant);
  }
  int Rows() const override { return 100; }

  Result Plan(const std::string& tenant, const std::string& extra = "") {
    return Keel("plan --schema tenant.sql " + Db() + " --in-schema " + tenant + " " + extra);
  }
  Result ApplyTenant(const std::string& tenant, const std::string& extra = "") {
    return Keel("apply --schema tenant.sql " + Db() + " --in-schema " + tenant +
                " --yes --skip-backup --allow-hazards all " + extra);
  }
  void ExpectTenantConverged(const std::string& tenant) {
    Result r = Plan(tenant, "--exit-code");
    EXPECT_EQ(r.code, 0) << tenant << ": " << r.out << r.err;
  }
  // public's objects and the fixture's rows, which no tenant's plan may touch.
  std::string Unrelated() {
    return Query(
               "SELECT string_agg(format('%s.%s', n.nspname, c.relname), ',' ORDER BY c.relname) "
               "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE n.nspname = 'public'") +
           "/" + Checksum() + "/" +
           Query(
               "SELECT string_agg(enumlabel, ',') FROM pg_enum WHERE enumtypid = "
               "'public.mood'::regtype");
  }
};

TEST_F(InSchemaTest, PlansOnlyTheTenantsChanges) {
  Result t1 = Plan("t1", "--format sql");
  ASSERT_EQ(t1.code, 0) << t1.err;
  EXPECT_NE(t1.out.find("CREATE TYPE t1.mood"), std::string::npos) << t1.out;
  EXPECT_NE(t1.out.find("CREATE TABLE t1.users"), std::string::npos) << t1.out;
  // Names inside expressions stay unqualified, as in the files; they resolve through
  // search_path = t1 when the plan runs.
  EXPECT_NE(t1.out.find("nextval('users_id_seq'"), std::string::npos) << t1.out;
  EXPECT_EQ(t1.out.find("CREATE SCHEMA"), std::string::npos) << t1.out;
  for (const char* other : {"t2.", "t3.", "public.", "items", "keel."})
    EXPECT_EQ(t1.out.find(other), std::string::npos) << other << " in\n" << t1.out;

  Result t2 = Plan("t2", "--format sql");
  ASSERT_EQ(t2.code, 0) << t2.err;
  EXPECT_NE(t2.out.find("CREATE TABLE t2.users"), std::string::npos) << t2.out;
  EXPECT_NE(t2.out.find("ALTER TABLE t2.accounts ADD COLUMN token"), std::string::npos) << t2.out;
  EXPECT_EQ(t2.out.find("CREATE TABLE t2.accounts"), std::string::npos) << t2.out;
  EXPECT_EQ(t2.out.find("t3."), std::string::npos) << t2.out;

  Result t3 = Plan("t3");
  ASSERT_EQ(t3.code, 0) << t3.err;
  EXPECT_NE(t3.out.find("t3.users.created_at"), std::string::npos) << t3.out;
  EXPECT_NE(t3.out.find("t3.users_account"), std::string::npos) << t3.out;
  EXPECT_EQ(t3.out.find("users_email"), std::string::npos) << t3.out;
  EXPECT_EQ(t3.out.find("happy_users"), std::string::npos) << t3.out;

  // The same files planned for the whole database would drop the tenants' neighbours: the
  // tenant's view is only its own schema.
  Result whole = Keel("plan --schema tenant.sql " + Db());
  EXPECT_NE(whole.out.find("items"), std::string::npos) << whole.out;

  // The shadow check builds the tenant too.
  Result verified = Plan("t2", "--verify");
  EXPECT_EQ(verified.code, 0) << verified.err;
}

TEST_F(InSchemaTest, ApplyConvergesEveryTenantAndLeavesTheRestAlone) {
  const std::string unrelated = Unrelated();
  // A new tenant through a saved plan, which carries its schema: apply needs no --in-schema.
  Result saved = Plan("t1", "--format json --out plan.json");
  ASSERT_EQ(saved.code, 0) << saved.err;
  EXPECT_NE(ReadFile(dir_ / "plan.json").find("\"in_schema\": \"t1\""), std::string::npos);
  Result r = Keel("apply plan.json " + Db() + " --in-schema t2");
  EXPECT_EQ(r.code, 5) << r.err;
  EXPECT_NE(r.err.find("the plan is for schema t1, not --in-schema t2"), std::string::npos)
      << r.err;
  r = Keel("apply plan.json " + Db() + " --log audit.jsonl");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("created schema t1"), std::string::npos) << r.err;
  EXPECT_NE(ReadFile(dir_ / "audit.jsonl").find("\"event\":\"create_schema\""), std::string::npos);
  for (const char* tenant : {"t2", "t3"}) {
    r = ApplyTenant(tenant, "--batch-size 500 --batch-pause 1ms");
    ASSERT_EQ(r.code, 0) << tenant << ": " << r.err;
  }
  for (const char* tenant : {"t1", "t2", "t3"}) ExpectTenantConverged(tenant);
  EXPECT_EQ(Unrelated(), unrelated);
  EXPECT_EQ(Query("SELECT count(*) FROM t2.accounts WHERE token IS NULL"), "0");
  // Each tenant's enum is its own, not public's namesake.
  EXPECT_EQ(Query("SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = "
                  "'t1.users'::regclass AND attname = 'feeling'"),
            "t1.mood");
  EXPECT_EQ(Query("SELECT string_agg(scope, ',' ORDER BY id) FROM keel.plans"), "t1,t2,t3");
}

TEST_F(InSchemaTest, TwoTenantsApplyAtOnceButOneTenantOnlyOnce) {
  // t2's backfill of 3,000 rows in batches of 50, 200 ms apart, keeps it busy for seconds.
  pid_t t2 = Background("apply --schema tenant.sql " + Db() +
                        " --in-schema t2 --yes --skip-backup --allow-hazards all --batch-size 50 "
                        "--batch-pause 200ms");
  ASSERT_TRUE(Until([&] {
    return Query("SELECT to_regclass('keel.plans')::text") == "keel.plans" &&
           Query("SELECT count(*) FROM keel.plans WHERE scope = 't2' AND status = 'running'") ==
               "1";
  }));
  Result same = ApplyTenant("t2", "--lock-wait 0");
  EXPECT_EQ(same.code, 8) << same.err;
  EXPECT_NE(same.err.find("another apply holds the lock"), std::string::npos) << same.err;
  Result other = ApplyTenant("t1", "--lock-wait 0");
  EXPECT_EQ(other.code, 0) << other.err;
  EXPECT_EQ(Query("SELECT status FROM keel.plans WHERE scope = 't2'"), "running");
  EXPECT_EQ(Wait(t2), 0) << ReadFile(dir_ / "bg.err");
  ExpectTenantConverged("t1");
  ExpectTenantConverged("t2");
}

TEST_F(InSchemaTest, StatusAndRollbackArePerTenant) {
  ASSERT_EQ(ApplyTenant("t1").code, 0);
  ASSERT_EQ(ApplyTenant("t2").code, 0);
  Result status = Keel("status " + Db() + " --in-schema t1");
  EXPECT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("#1 "), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("#2 "), std::string::npos) << status.out;
  status = Keel("status " + Db());
  EXPECT_EQ(status.out.find("#1 "), std::string::npos) << status.out;

  Result r = Keel("rollback " + Db() + " --in-schema t2 --force");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Query("SELECT to_regclass('t2.users')::text"), "");
  EXPECT_EQ(Query("SELECT to_regclass('t1.users')::text"), "t1.users");
  EXPECT_EQ(Query("SELECT string_agg(scope || '=' || status, ',' ORDER BY id) FROM keel.plans"),
            "t1=applied,t2=rolled_back");
  ExpectTenantConverged("t1");
  EXPECT_EQ(Plan("t2", "--exit-code").code, 10);
  // Nothing of the whole database's to roll back.
  r = Keel("rollback " + Db());
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("no applied plan left"), std::string::npos) << r.err;
  EXPECT_EQ(Query("SELECT to_regclass('t1.users')::text"), "t1.users");
}

TEST_F(InSchemaTest, AJournalWrittenBeforeScopesKeepsWorking) {
  Exec(R"sql(
    CREATE SCHEMA keel;
    CREATE TABLE keel.plans (id bigserial PRIMARY KEY, plan_hash text NOT NULL,
      status text NOT NULL, applied_by text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz,
      fingerprint_before text NOT NULL DEFAULT '', fingerprint_after text NOT NULL DEFAULT '',
      backup text NOT NULL DEFAULT '', plan text NOT NULL);
    CREATE TABLE keel.steps (plan_id bigint NOT NULL REFERENCES keel.plans (id),
      step integer NOT NULL, description text NOT NULL, status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0, error text NOT NULL DEFAULT '',
      progress text NOT NULL DEFAULT '', started_at timestamptz, finished_at timestamptz,
      PRIMARY KEY (plan_id, step));
    INSERT INTO keel.plans (plan_hash, status, applied_by, finished_at, plan)
      VALUES ('fnv1a64:0123456789abcdef', 'applied', 'old@keel', now(), '{}');
  )sql");
  Result status = Keel("status " + Db());
  EXPECT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("old@keel"), std::string::npos) << status.out;
  status = Keel("status " + Db() + " --in-schema t1");
  EXPECT_EQ(status.code, 0) << status.err;
  EXPECT_EQ(status.out.find("old@keel"), std::string::npos) << status.out;

  Result r = ApplyTenant("t1");
  ASSERT_EQ(r.code, 0) << r.err;
  ExpectTenantConverged("t1");
  EXPECT_EQ(Query("SELECT string_agg(scope || ':' || status, ',' ORDER BY id) FROM keel.plans"),
            ":applied,t1:applied");
  status = Keel("status " + Db());
  EXPECT_NE(status.out.find("old@keel"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("#2 "), std::string::npos) << status.out;
}

TEST_F(InSchemaTest, BadNamesAndFilesOutsideTheTenant) {
  for (const char* bad : {"''", "keel", "pg_catalog"}) {
    Result r = Plan(bad);
    EXPECT_EQ(r.code, 5) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("--in-schema"), std::string::npos) << r.err;
  }
  Write("shared.sql", "CREATE TABLE public.settings (k text PRIMARY KEY);");
  Result r = Keel("plan --schema tenant.sql --schema shared.sql " + Db() + " --in-schema t1");
  EXPECT_EQ(r.code, 6) << r.err;
  EXPECT_NE(r.err.find("outside schema t1: table public.settings"), std::string::npos) << r.err;
  // Between two sets of files --in-schema only says what unqualified names mean.
  r = Keel("diff --from shared.sql --to tenant.sql --in-schema t9 --format sql");
  EXPECT_EQ(r.code, 6) << r.err;
  r = Keel("diff --from tenant.sql --to tenant.sql --in-schema t9 --exit-code");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

}  // namespace
