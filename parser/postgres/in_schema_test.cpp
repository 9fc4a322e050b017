// Schema-per-tenant files (--in-schema): unqualified names mean the tenant's schema, and the
// canonical text of expressions is the one the same files have for public.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "model/default_schema.h"
#include "model/normalize.h"
#include "parser/postgres/parse_for_test.h"

namespace keel::parser::postgres {
namespace {

using model::QualifiedName;

const char* kTenantSql = R"sql(
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE FUNCTION slugify(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE TABLE accounts (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (
  id serial PRIMARY KEY,
  account_id bigint REFERENCES accounts (id),
  feeling mood DEFAULT 'ok',
  slug text DEFAULT slugify('x') CHECK (slug = slugify(slug))
);
CREATE INDEX users_slug ON users (slugify(slug));
CREATE VIEW happy AS SELECT u.id FROM users u JOIN accounts a ON a.id = u.account_id
  WHERE u.feeling = 'ok';
)sql";

model::Catalog ParseAs(const std::string& in_schema, const std::string& sql) {
  model::ScopedDefaultSchema tenant(in_schema);
  auto r = Parse(sql);
  EXPECT_TRUE(r.ok()) << Errors(r);
  model::Normalize(r.catalog);
  return std::move(r.catalog);
}

TEST(InSchema, DefaultsToPublic) {
  EXPECT_EQ(model::DefaultSchema(), "public");
  EXPECT_EQ(model::InSchema(), "");
  {
    model::ScopedDefaultSchema outer("t1");
    EXPECT_EQ(model::DefaultSchema(), "t1");
    EXPECT_TRUE(model::Catalog::IsBuiltinSchema("t1"));
    {
      model::ScopedDefaultSchema inner("t2");
      EXPECT_EQ(model::DefaultSchema(), "t2");
    }
    EXPECT_EQ(model::InSchema(), "t1");
  }
  EXPECT_EQ(model::DefaultSchema(), "public");
  EXPECT_FALSE(model::Catalog::IsBuiltinSchema("t1"));
}

TEST(InSchema, UnqualifiedNamesMeanTheTenant) {
  const model::Catalog tenant = ParseAs("t1", kTenantSql);
  const model::Catalog plain = ParseAs("", kTenantSql);
  EXPECT_EQ(tenant.schemas.count("t1"), 0u);
  ASSERT_EQ(tenant.tables.count({"t1", "users"}), 1u);
  ASSERT_EQ(tenant.views.count({"t1", "happy"}), 1u);
  EXPECT_EQ(tenant.indexes.count({"t1", "users_slug"}), 1u);
  EXPECT_EQ(tenant.sequences.count({"t1", "users_id_seq"}), 1u);
  EXPECT_EQ(tenant.enums.count({"t1", "mood"}), 1u);
  EXPECT_EQ(tenant.functions.size(), 1u);
  EXPECT_EQ(tenant.functions.begin()->first.first, (QualifiedName{"t1", "slugify"}));
  EXPECT_EQ(tenant.tables.size(), plain.tables.size());

  // Expressions keep their unqualified text: the same as the public spelling of the same files.
  const auto& users = tenant.tables.at({"t1", "users"});
  const auto& public_users = plain.tables.at({"public", "users"});
  ASSERT_EQ(users.columns.size(), public_users.columns.size());
  for (size_t i = 0; i < users.columns.size(); ++i) {
    EXPECT_EQ(users.columns[i].type, public_users.columns[i].type);
    EXPECT_EQ(users.columns[i].default_expr.key, public_users.columns[i].default_expr.key);
  }
  EXPECT_EQ(users.columns[0].default_expr, "nextval('users_id_seq')");
  ASSERT_EQ(users.constraints.size(), public_users.constraints.size());
  for (size_t i = 0; i < users.constraints.size(); ++i) {
    EXPECT_EQ(users.constraints[i].check_expr.key, public_users.constraints[i].check_expr.key);
    if (users.constraints[i].kind == model::ConstraintKind::kForeignKey) {
      EXPECT_EQ(users.constraints[i].ref_table, (QualifiedName{"t1", "accounts"}));
    }
  }
  const auto& view = tenant.views.at({"t1", "happy"});
  EXPECT_EQ(view.query.key, plain.views.at({"public", "happy"}).query.key);
  EXPECT_EQ(view.relations, (std::vector<QualifiedName>{{"t1", "users"}, {"t1", "accounts"}}));
  EXPECT_EQ(tenant.indexes.at({"t1", "users_slug"}).keys[0].expr.key,
            plain.indexes.at({"public", "users_slug"}).keys[0].expr.key);
}

TEST(InSchema, TenantQualifierIsTheUnqualifiedSpelling) {
  const model::Catalog written =
      ParseAs("t1",
              "CREATE TABLE t1.s (id integer DEFAULT nextval('t1.s_seq'::regclass), v text DEFAULT "
              "t1.f());");
  const model::Catalog unqualified =
      ParseAs("t1",
              "CREATE TABLE s (id integer DEFAULT nextval('s_seq'::regclass), v text "
              "DEFAULT f());");
  const auto& a = written.tables.at({"t1", "s"});
  const auto& b = unqualified.tables.at({"t1", "s"});
  EXPECT_EQ(a.columns[0].default_expr.key, b.columns[0].default_expr.key);
  EXPECT_EQ(a.columns[1].default_expr.key, b.columns[1].default_expr.key);
  // public is just another schema to a tenant: its qualifier stays.
  const model::Catalog other = ParseAs("t1", "CREATE TABLE s (v text DEFAULT public.f());");
  EXPECT_EQ(other.tables.at({"t1", "s"}).columns[0].default_expr.key, "public.f()");
}

// Both threads set their tenant before either parses: a default shared between threads would
// make one of them parse into the other's schema.
TEST(InSchema, ThreadsKeepTheirOwnDefault) {
  const std::vector<std::string> tenants = {"t1", "t2", "t3", "t4"};
  std::latch all_set(static_cast<std::ptrdiff_t>(tenants.size()));
  std::vector<model::Catalog> parsed(tenants.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < tenants.size(); ++i)
    threads.emplace_back([&, i] {
      model::ScopedDefaultSchema tenant(tenants[i]);
      all_set.arrive_and_wait();
      parsed[i] = Parse(kTenantSql).catalog;
    });
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < tenants.size(); ++i) {
    EXPECT_EQ(parsed[i].tables.count({tenants[i], "users"}), 1u) << tenants[i];
    EXPECT_EQ(parsed[i].tables.size(), 2u) << tenants[i];
  }
  EXPECT_EQ(model::DefaultSchema(), "public");
}

}  // namespace
}  // namespace keel::parser::postgres
