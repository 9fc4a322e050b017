#include "planner/postgres/lower_security.h"

#include <fmt/format.h>

#include <string>

#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::Holds;
using diff::PolicyId;
using diff::TableId;
using model::Policy;

std::string Role(const std::string& role) {
  if (role == "PUBLIC" || role == "CURRENT_USER" || role == "CURRENT_ROLE" ||
      role == "SESSION_USER")
    return role;
  return model::QuoteIdent(role);
}

std::string Roles(const std::vector<std::string>& roles) {
  std::vector<std::string> out;
  for (const auto& r : roles) out.push_back(Role(r));
  return fmt::format("{}", fmt::join(out, ", "));
}

std::string On(const Policy& p) { return model::QuoteIdent(p.name) + " ON " + p.table.Sql(); }

std::string CreatePolicySql(const Policy& p) {
  std::string sql = "CREATE POLICY " + On(p);
  if (!p.permissive) sql += " AS RESTRICTIVE";
  if (p.command != "ALL") sql += " FOR " + p.command;
  if (p.roles != std::vector<std::string>{"PUBLIC"}) sql += " TO " + Roles(p.roles);
  if (!p.using_expr.empty()) sql += " USING (" + p.using_expr.sql + ")";
  if (!p.check_expr.empty()) sql += " WITH CHECK (" + p.check_expr.sql + ")";
  return sql;
}

std::vector<std::string> CreateWithComment(const Policy& p) {
  std::vector<std::string> out = {CreatePolicySql(p)};
  if (p.comment) out.push_back(sql::Comment("POLICY " + On(p), p.comment));
  return out;
}

// ALTER POLICY setting what `to` has and `from` lacks: roles and the changed clauses.
std::string AlterPolicySql(const Policy& from, const Policy& to) {
  std::string sql = "ALTER POLICY " + On(to);
  if (from.roles != to.roles) sql += " TO " + Roles(to.roles);
  if (from.using_expr != to.using_expr) sql += " USING (" + to.using_expr.sql + ")";
  if (from.check_expr != to.check_expr) sql += " WITH CHECK (" + to.check_expr.sql + ")";
  return sql;
}

// The table, and the columns (with their types) and sequences the expressions use.
std::vector<std::string> PolicyNeeds(const Policy& p, const model::Catalog& catalog) {
  auto t = catalog.tables.find(p.table);
  const model::Table* table = t == catalog.tables.end() ? nullptr : &t->second;
  std::vector<std::string> needs = {TableId(p.table)};
  Append(needs, ExpressionNeeds(p.using_expr, table));
  Append(needs, ExpressionNeeds(p.check_expr, table));
  Append(needs, TypeIds(needs));
  return needs;
}

// CREATE/ALTER/DROP POLICY take an ACCESS EXCLUSIVE lock on the table, briefly: no scan.
Step PolicyStep(const Policy& p, std::string description, int rank) {
  Step s = MakeStep(PolicyId(p.table, p.name), std::move(description), rank);
  s.lock_table = p.table.Display();
  return s;
}

std::vector<Step> LowerCreatePolicy(const diff::CreatePolicy& c, const LowerContext& ctx) {
  const Policy& p = c.policy;
  Step s = PolicyStep(p, "create policy " + p.name + " on " + p.table.Display(), kRankCreatePolicy);
  s.sql = {CreatePolicySql(p)};
  s.rollback_sql = {"DROP POLICY " + On(p)};
  s.provides = {PolicyId(p.table, p.name)};
  s.needs = PolicyNeeds(p, ctx.to);
  return {s};
}

std::vector<Step> LowerDropPolicy(const diff::DropPolicy& c, const LowerContext& ctx) {
  const Policy& p = c.policy;
  Step s = PolicyStep(p, "drop policy " + p.name + " on " + p.table.Display(), kRankDropPolicy);
  s.sql = {"DROP POLICY " + On(p)};
  s.rollback_sql = CreateWithComment(p);
  s.removes = {PolicyId(p.table, p.name)};
  s.releases = PolicyNeeds(p, ctx.from);
  return {s};
}

std::vector<Step> LowerAlterPolicy(const diff::AlterPolicy& c, const LowerContext& ctx) {
  Step s = PolicyStep(c.to, "alter policy " + c.to.name + " on " + c.to.table.Display(),
                      kRankCreatePolicy);
  s.sql = {AlterPolicySql(c.from, c.to)};
  s.rollback_sql = {AlterPolicySql(c.to, c.from)};
  s.needs = PolicyNeeds(c.to, ctx.to);
  s.needs.push_back(PolicyId(c.to.table, c.to.name));
  s.releases = PolicyNeeds(c.from, ctx.from);
  return {s};
}

std::vector<std::string> RowSecuritySql(const model::QualifiedName& t, bool from_enabled,
                                        bool from_forced, bool to_enabled, bool to_forced) {
  std::vector<std::string> out;
  std::string alter = "ALTER TABLE " + t.Sql() + " ";
  if (from_enabled != to_enabled)
    out.push_back(alter + (to_enabled ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY");
  if (from_forced != to_forced)
    out.push_back(alter + (to_forced ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY");
  return out;
}

// Enabling row-level security hides every row a policy does not grant: the table's policies
// are created first (rank), and the step says so.
std::vector<Step> LowerRowSecurity(const diff::SetRowSecurity& c, const diff::SecurityChange& sc) {
  Step s = MakeStep(TableId(c.table), diff::Describe(sc), kRankRowSecurity);
  s.sql = RowSecuritySql(c.table, c.from_enabled, c.from_forced, c.to_enabled, c.to_forced);
  s.rollback_sql =
      RowSecuritySql(c.table, c.to_enabled, c.to_forced, c.from_enabled, c.from_forced);
  s.lock_table = c.table.Display();
  s.needs = {TableId(c.table)};
  return {s};
}

std::string PrivilegeList(const diff::AlterPrivileges& c) {
  std::vector<std::string> out;
  for (const auto& p : c.privileges)
    out.push_back(c.column.empty() ? p : p + " (" + model::QuoteIdent(c.column) + ")");
  return fmt::format("{}", fmt::join(out, ", "));
}

// The statement that moves `c`'s privileges from `from` to `to`.
std::string PrivilegeSql(const diff::AlterPrivileges& c, Holds from, Holds to) {
  std::string what = PrivilegeList(c) + " ON " + c.object;
  if (to == Holds::kNone) return "REVOKE " + what + " FROM " + Role(c.grantee);
  if (from == Holds::kGrantable)
    return "REVOKE GRANT OPTION FOR " + what + " FROM " + Role(c.grantee);
  return "GRANT " + what + " TO " + Role(c.grantee) +
         (to == Holds::kGrantable ? " WITH GRANT OPTION" : "");
}

// GRANT and REVOKE update the object's catalog row only: no lock on the table's data.
std::vector<Step> LowerPrivileges(const diff::AlterPrivileges& c, const diff::SecurityChange& sc) {
  std::string id = diff::PrivilegeObjectId(c.object, c.column);
  Step s =
      MakeStep("grant:" + id + ":" + c.grantee, diff::Describe(sc), kRankGrant, LockLevel::kNone);
  s.sql = {PrivilegeSql(c, c.from, c.to)};
  s.rollback_sql = {PrivilegeSql(c, c.to, c.from)};
  if (c.to == Holds::kNone)
    s.releases = {id};
  else
    s.needs = {id};
  return {s};
}

}  // namespace

std::vector<Step> LowerSecurityChange(const diff::SecurityChange& c, const LowerContext& ctx) {
  return std::visit(Overloaded{
                        [&](const diff::CreatePolicy& x) { return LowerCreatePolicy(x, ctx); },
                        [&](const diff::DropPolicy& x) { return LowerDropPolicy(x, ctx); },
                        [&](const diff::AlterPolicy& x) { return LowerAlterPolicy(x, ctx); },
                        [&](const diff::SetRowSecurity& x) { return LowerRowSecurity(x, c); },
                        [&](const diff::AlterPrivileges& x) { return LowerPrivileges(x, c); },
                    },
                    c.change);
}

}  // namespace keel::planner::postgres
