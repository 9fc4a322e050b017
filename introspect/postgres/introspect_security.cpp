#include "introspect/postgres/introspect_security.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "introspect/embedded_queries.h"
#include "introspect/postgres/align.h"
#include "parser/postgres/expr.h"

namespace keel::introspect::postgres {
namespace {

std::string Text(const pqxx::row& row, const char* column) {
  return row[column].is_null() ? std::string() : row[column].as<std::string>();
}

model::Expr ServerExprOrEmpty(const std::string& text) {
  return text.empty() ? model::Expr() : parser::postgres::ServerExpr(text);
}

// Privilege::object of a row with kind, nspname and name columns.
std::string ObjectOf(const pqxx::row& row) {
  const std::string kind = Text(row, "kind");
  const std::string schema = Text(row, "nspname");
  if (kind == "SCHEMA") return kind + " " + model::QuoteIdent(schema);
  const std::string name = Text(row, "name");
  if (kind == "FUNCTION" || kind == "PROCEDURE") {
    // name is "f(integer, text)": qualify and quote the function name only.
    const size_t paren = name.find('(');
    return kind + " " + model::QualifiedName{schema, name.substr(0, paren)}.Sql() +
           name.substr(paren);
  }
  return kind + " " + model::QualifiedName{schema, name}.Sql();
}

}  // namespace

void ReadPolicyRows(const pqxx::result& rows, model::Catalog& catalog) {
  for (const auto& row : rows) {
    model::Policy p;
    p.table = {Text(row, "nspname"), Text(row, "relname")};
    if (!catalog.tables.count(p.table)) continue;
    p.name = Text(row, "polname");
    p.permissive = row["polpermissive"].as<bool>();
    p.command = Text(row, "command");
    std::stringstream roles(Text(row, "roles"));
    for (std::string role; std::getline(roles, role);) p.roles.push_back(role);
    p.using_expr = ServerExprOrEmpty(Text(row, "using_expr"));
    p.check_expr = ServerExprOrEmpty(Text(row, "check_expr"));
    if (!row["comment"].is_null()) p.comment = Text(row, "comment");
    catalog.policies[{p.table, p.name}] = std::move(p);
  }
}

void ReadPrivilegeRows(const pqxx::result& rows, model::Catalog& catalog) {
  for (const auto& row : rows) {
    model::Privilege key{ObjectOf(row), Text(row, "column_name"), Text(row, "grantee"),
                         Text(row, "privilege_type")};
    catalog.privileges[key] = row["is_grantable"].as<bool>();
  }
}

int ResolveSessionRoles(pqxx::connection& conn, model::Catalog& files) {
  auto named = [](const std::string& role) {
    return role == "CURRENT_USER" || role == "CURRENT_ROLE" || role == "SESSION_USER";
  };
  bool any = std::any_of(files.privileges.begin(), files.privileges.end(),
                         [&](const auto& p) { return named(p.first.grantee); });
  for (const auto& [key, policy] : files.policies)
    any = any || std::any_of(policy.roles.begin(), policy.roles.end(), named);
  if (!any) return 0;
  pqxx::work txn(conn, "keel_session_roles");
  const pqxx::row who = txn.exec("SELECT current_user::text, session_user::text")[0];
  txn.abort();
  auto resolve = [&](std::string& role) {
    if (!named(role)) return false;
    role = who[role == "SESSION_USER" ? 1 : 0].as<std::string>();
    return true;
  };
  int resolved = 0;
  for (auto& [key, policy] : files.policies) {
    for (auto& role : policy.roles) resolved += resolve(role);
    std::sort(policy.roles.begin(), policy.roles.end());
    policy.roles.erase(std::unique(policy.roles.begin(), policy.roles.end()), policy.roles.end());
  }
  std::map<model::Privilege, bool> privileges;
  for (const auto& [key, grantable] : files.privileges) {
    model::Privilege privilege = key;
    resolved += resolve(privilege.grantee);
    privileges[privilege] = privileges[privilege] || grantable;
  }
  files.privileges = std::move(privileges);
  return resolved;
}

int DropOwnerGrants(pqxx::connection& conn, model::Catalog& files) {
  if (files.privileges.empty()) return 0;
  pqxx::work txn(conn, "keel_owners");
  std::map<std::string, std::string> owners;
  for (const auto& row : txn.exec(EmbeddedQueries().at("owners")))
    owners[ObjectOf(row)] = Text(row, "owner");
  const std::string me = txn.exec("SELECT current_user::text")[0][0].as<std::string>();
  txn.abort();
  int dropped = 0;
  for (auto it = files.privileges.begin(); it != files.privileges.end();) {
    auto owner = owners.find(it->first.object);
    if (it->first.grantee == (owner == owners.end() ? me : owner->second)) {
      it = files.privileges.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace keel::introspect::postgres
