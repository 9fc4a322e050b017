// Row-level security, policies and privileges read from a live server: in the file side's
// canonical form, without the owner's and the server's default privileges.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "diff/differ.h"
#include "introspect/postgres/align.h"
#include "introspect/postgres/introspect.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"
#include "tests/support/live_db.h"

namespace keel::introspect::postgres {
namespace {

using model::Privilege;
using model::QualifiedName;

// Roles are cluster-wide: created once, tolerated when another test made them first.
constexpr char kRoles[] = R"sql(
DO $$ BEGIN CREATE ROLE keel_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "Keel Writer"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
)sql";

constexpr char kSchema[] = R"sql(
CREATE SCHEMA app;
CREATE TABLE app.docs (id int PRIMARY KEY, owner text, level int);
ALTER TABLE app.docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.docs FORCE ROW LEVEL SECURITY;
CREATE TABLE plain (id int);
CREATE POLICY mine ON app.docs AS RESTRICTIVE FOR UPDATE TO keel_reader, "Keel Writer"
  USING (owner = current_user) WITH CHECK (level > 0 AND owner IS NOT NULL);
CREATE POLICY everyone ON app.docs USING (true);
COMMENT ON POLICY everyone ON app.docs IS 'open';
CREATE SEQUENCE app.counter;
GRANT USAGE ON SCHEMA app TO keel_reader;
GRANT SELECT, UPDATE ON app.docs TO "Keel Writer" WITH GRANT OPTION;
GRANT SELECT (id, level) ON app.docs TO keel_reader;
GRANT USAGE ON SEQUENCE app.counter TO keel_reader;
GRANT SELECT ON plain TO PUBLIC;
)sql";

// Functions are not in the model yet: created on the server only.
constexpr char kFunctions[] = R"sql(
CREATE FUNCTION app.touch(a int, b text) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.untouched() RETURNS int LANGUAGE sql AS 'SELECT 1';
GRANT EXECUTE ON FUNCTION app.touch(int, text) TO keel_reader;
REVOKE EXECUTE ON FUNCTION app.untouched() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.untouched() TO keel_reader;
)sql";

TEST(IntrospectSecurityLive, PoliciesRowSecurityAndPrivilegesMatchTheFile) {
  KEEL_REQUIRE_SERVER();
  testing::ScratchDatabase db("keel_security");
  std::string output;
  ASSERT_EQ(db.RunSql(kRoles, &output), 0) << output;
  ASSERT_EQ(db.RunSql(kSchema, &output), 0) << output;
  ASSERT_EQ(db.RunSql(kFunctions, &output), 0) << output;
  auto conn = Connect(db.conninfo());
  model::Catalog live = Introspect(*conn);

  const auto& docs = live.tables.at({"app", "docs"});
  EXPECT_TRUE(docs.rls_enabled);
  EXPECT_TRUE(docs.rls_forced);
  EXPECT_FALSE(live.tables.at({"public", "plain"}).rls_enabled);

  // The same policies parsed from the file compare equal, expressions included.
  auto file = parser::postgres::ParseFiles({{"schema.sql", kSchema}}, {});
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(live.policies.size(), 2u);
  for (const auto& [key, p] : file.catalog.policies) {
    const auto& l = live.policies.at(key);
    EXPECT_EQ(l.permissive, p.permissive) << key.second;
    EXPECT_EQ(l.command, p.command) << key.second;
    auto roles = p.roles;
    std::sort(roles.begin(), roles.end());
    if (roles.empty()) roles = {"PUBLIC"};
    EXPECT_EQ(l.roles, roles) << key.second;
    EXPECT_EQ(l.using_expr.key, p.using_expr.key) << key.second;
    EXPECT_EQ(l.check_expr.key, p.check_expr.key) << key.second;
    EXPECT_EQ(l.comment, p.comment) << key.second;
  }

  // Privileges: everything granted above, nothing of the owner's, no PUBLIC defaults; the
  // revoked default (EXECUTE to PUBLIC on untouched) is not a privilege either way.
  std::vector<std::string> got;
  for (const auto& [k, grantable] : live.privileges)
    got.push_back(k.object + (k.column.empty() ? "" : "(" + k.column + ")") + " " + k.grantee +
                  " " + k.privilege + (grantable ? " *" : ""));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "FUNCTION app.touch(integer, text) keel_reader EXECUTE",
                     "FUNCTION app.untouched() keel_reader EXECUTE",
                     "SCHEMA app keel_reader USAGE",
                     "SEQUENCE app.counter keel_reader USAGE",
                     "TABLE app.docs Keel Writer SELECT *",
                     "TABLE app.docs Keel Writer UPDATE *",
                     "TABLE app.docs(id) keel_reader SELECT",
                     "TABLE app.docs(level) keel_reader SELECT",
                     "TABLE public.plain PUBLIC SELECT",
                 }));
  std::map<Privilege, bool> without_functions = live.privileges;
  std::erase_if(without_functions, [](const auto& e) { return e.first.object[0] == 'F'; });
  EXPECT_EQ(without_functions, file.catalog.privileges);
}

// The server stores the role CURRENT_USER names: a file that says CURRENT_USER matches it
// once aligned with the connection, grants to it included.
TEST(IntrospectSecurityLive, SessionRolesResolveToTheConnectingRole) {
  KEEL_REQUIRE_SERVER();
  testing::ScratchDatabase db("keel_session_roles");
  constexpr char kFile[] = R"sql(
CREATE TABLE notes (id int, owner text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON notes TO CURRENT_USER, keel_reader USING (owner = current_user);
CREATE POLICY theirs ON notes FOR SELECT TO SESSION_USER USING (true);
GRANT SELECT ON notes TO keel_reader;
)sql";
  std::string output;
  ASSERT_EQ(db.RunSql(kRoles, &output), 0) << output;
  ASSERT_EQ(db.RunSql(kFile, &output), 0) << output;
  auto conn = Connect(db.conninfo());
  const model::Catalog live = Introspect(*conn);
  auto file = parser::postgres::ParseFiles({{"schema.sql", kFile}}, {});
  ASSERT_TRUE(file.ok());
  model::Normalize(file.catalog);
  EXPECT_FALSE(diff::Diff(live, file.catalog, {}).empty());  // CURRENT_USER vs the role

  EXPECT_EQ(AlignWithServer(*conn, file.catalog, live), 2);
  const std::string me = pqxx::nontransaction(*conn).exec("SELECT current_user")[0][0].c_str();
  std::vector<std::string> roles = {"keel_reader", me};
  std::sort(roles.begin(), roles.end());
  EXPECT_EQ(file.catalog.policies.at({{"public", "notes"}, "mine"}).roles, roles);
  EXPECT_TRUE(diff::Diff(live, file.catalog, {}).empty());
}

}  // namespace
}  // namespace keel::introspect::postgres
