// Row-level security, policies and privileges, as the parser folds them.
#include <gtest/gtest.h>

#include "model/normalize.h"
#include "parser/postgres/parse_for_test.h"
#include "parser/postgres/parser.h"

namespace keel::parser::postgres {
namespace {

using model::Privilege;
using model::QualifiedName;

ParseResult ParseNormalized(const std::string& sql) {
  ParseResult r = Parse(sql);
  model::Normalize(r.catalog);
  return r;
}

TEST(ParseSecurity, RowLevelSecurityFlags) {
  auto r = ParseNormalized(
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE TABLE t (a int);\n"
      "ALTER TABLE t FORCE ROW LEVEL SECURITY;\nALTER TABLE t NO FORCE ROW LEVEL SECURITY;\n"
      "ALTER TABLE t FORCE ROW LEVEL SECURITY;");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& t = r.catalog.tables.at({"public", "t"});
  EXPECT_TRUE(t.rls_enabled);
  EXPECT_TRUE(t.rls_forced);
}

TEST(ParseSecurity, PolicyWithEveryClauseAndAlter) {
  auto r = ParseNormalized(
      "CREATE POLICY p ON t AS RESTRICTIVE FOR update TO bob, alice USING (owner = "
      "current_user) WITH CHECK ((a > 0));\n"
      "CREATE TABLE t (a int, owner text);\n"
      "CREATE POLICY q ON t;\n"
      "ALTER POLICY q ON t TO carol USING (a = 1);\n"
      "COMMENT ON POLICY q ON t IS 'only ones';");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& p = r.catalog.policies.at({{"public", "t"}, "p"});
  EXPECT_FALSE(p.permissive);
  EXPECT_EQ(p.command, "UPDATE");
  EXPECT_EQ(p.roles, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(p.using_expr.key, "owner = current_user");
  EXPECT_EQ(p.check_expr.key, "a > 0");
  const auto& q = r.catalog.policies.at({{"public", "t"}, "q"});
  EXPECT_TRUE(q.permissive);
  EXPECT_EQ(q.command, "ALL");
  EXPECT_EQ(q.roles, (std::vector<std::string>{"carol"}));
  EXPECT_EQ(q.using_expr.key, "a = 1");
  EXPECT_TRUE(q.check_expr.empty());
  EXPECT_EQ(q.comment, "only ones");
}

TEST(ParseSecurity, PolicyOnMissingTableIsAnError) {
  auto r = ParseNormalized("CREATE POLICY p ON nowhere USING (true);");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "table public.nowhere does not exist");
}

TEST(ParseSecurity, GrantsExpandAndRevokesSubtract) {
  auto r = ParseNormalized(
      "CREATE TABLE t (a int, b int);\nCREATE SEQUENCE s;\nCREATE SCHEMA app;\n"
      "CREATE FUNCTION app.f(a int, b varchar) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
      "CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';\n"
      "GRANT EXECUTE ON ROUTINE app.p TO reader;\n"
      "GRANT ALL ON t TO \"Web\" WITH GRANT OPTION;\n"
      "REVOKE TRUNCATE, TRIGGER, REFERENCES ON TABLE t FROM \"Web\";\n"
      "REVOKE GRANT OPTION FOR DELETE ON t FROM \"Web\";\n"
      "GRANT SELECT (a, b), UPDATE (b) ON t TO reader;\n"
      "GRANT USAGE ON SEQUENCE s TO reader;\nGRANT SELECT ON TABLE s TO reader;\n"
      "GRANT USAGE ON SCHEMA app TO PUBLIC;\n"
      "GRANT EXECUTE ON FUNCTION app.f(int, varchar) TO reader;\n"
      "REVOKE SELECT ON t FROM reader;\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  std::vector<std::string> got;
  for (const auto& [k, grantable] : r.catalog.privileges)
    got.push_back(k.object + (k.column.empty() ? "" : "(" + k.column + ")") + " " + k.grantee +
                  " " + k.privilege + (grantable ? " *" : ""));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "FUNCTION app.f(integer, character varying) reader EXECUTE",
                     "PROCEDURE app.p() reader EXECUTE",
                     "SCHEMA app PUBLIC USAGE",
                     "SEQUENCE public.s reader SELECT",
                     "SEQUENCE public.s reader USAGE",
                     "TABLE public.t Web DELETE",
                     "TABLE public.t Web INSERT *",
                     "TABLE public.t Web SELECT *",
                     "TABLE public.t Web UPDATE *",
                     "TABLE public.t(b) reader UPDATE",
                 }));
}

TEST(ParseSecurity, GrantsOnOtherObjectsWarnAndOwnersAreIgnored) {
  auto r = ParseNormalized(
      "CREATE TABLE t (a int);\nGRANT CONNECT ON DATABASE db TO x;\n"
      "ALTER TABLE t OWNER TO x;\nALTER SCHEMA public OWNER TO x;\nALTER VIEW v OWNER TO x;\n"
      "ALTER TYPE ty OWNER TO x;\nALTER FUNCTION f() OWNER TO x;\nALTER SEQUENCE s OWNER TO x;\n"
      "ALTER MATERIALIZED VIEW m OWNER TO x;\nALTER DOMAIN d OWNER TO x;");
  ASSERT_TRUE(r.ok()) << Errors(r);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].loc.ToString(), "schema.sql:2:1");
}

TEST(ParseSecurity, GrantOnMissingObjectIsAnError) {
  auto r = ParseNormalized("GRANT SELECT ON nowhere TO x;\nGRANT EXECUTE ON FUNCTION f(int) TO x;");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].message, "relation public.nowhere does not exist");
  EXPECT_EQ(r.errors[1].message, "function public.f(integer) does not exist");
}

}  // namespace
}  // namespace keel::parser::postgres
