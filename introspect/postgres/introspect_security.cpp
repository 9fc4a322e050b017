#include "introspect/postgres/introspect_security.h"

#include <sstream>

#include "parser/postgres/expr.h"

namespace keel::introspect::postgres {
namespace {

std::string Text(const pqxx::row& row, const char* column) {
  return row[column].is_null() ? std::string() : row[column].as<std::string>();
}

model::Expr ServerExprOrEmpty(const std::string& text) {
  return text.empty() ? model::Expr() : parser::postgres::ServerExpr(text);
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
    const std::string kind = Text(row, "kind");
    const std::string schema = Text(row, "nspname");
    std::string object;
    if (kind == "SCHEMA") {
      object = model::QuoteIdent(schema);
    } else if (kind == "FUNCTION" || kind == "PROCEDURE") {
      // name is "f(integer, text)": qualify and quote the function name only.
      const std::string name = Text(row, "name");
      const size_t paren = name.find('(');
      object = model::QualifiedName{schema, name.substr(0, paren)}.Sql() + name.substr(paren);
    } else {
      object = model::QualifiedName{schema, Text(row, "name")}.Sql();
    }
    model::Privilege key{kind + " " + object, Text(row, "column_name"), Text(row, "grantee"),
                         Text(row, "privilege_type")};
    catalog.privileges[key] = row["is_grantable"].as<bool>();
  }
}

}  // namespace keel::introspect::postgres
