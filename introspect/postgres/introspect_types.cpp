#include "introspect/postgres/introspect_types.h"

#include "parser/postgres/expr.h"

namespace keel::introspect::postgres {
namespace {

std::string Str(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return field.is_null() ? std::string() : field.as<std::string>();
}

std::optional<std::string> OptStr(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

// pg_get_constraintdef prints "CHECK ((VALUE > 0))" [NOT VALID]; the expression is inside.
std::string CheckBody(std::string def) {
  if (def.ends_with(" NOT VALID")) def.resize(def.size() - 10);
  if (def.starts_with("CHECK (") && def.ends_with(")")) return def.substr(7, def.size() - 8);
  return def;
}

}  // namespace

void ReadTypes(const pqxx::result& rows, model::Catalog& catalog) {
  for (const auto& row : rows) {
    std::string kind = Str(row, "kind");
    model::QualifiedName qn{Str(row, "nspname"), Str(row, "name")};
    if (kind == "enum") {
      auto& e = catalog.enums[qn];
      e.name = qn;
      e.values.push_back(Str(row, "sub_name"));
      e.comment = OptStr(row, "description");
    } else if (kind == "domain") {
      auto& d = catalog.domains[qn];
      d.name = qn;
      d.base_type = Str(row, "type");
      d.not_null = row["not_null"].as<bool>();
      std::string def = Str(row, "default_expr");
      if (!def.empty()) d.default_expr = parser::postgres::ServerExpr(def);
      d.collation = Str(row, "collation");
      d.comment = OptStr(row, "description");
    } else if (kind == "check") {
      auto& d = catalog.domains[qn];
      d.name = qn;
      d.constraints.push_back(
          {Str(row, "sub_name"), parser::postgres::ServerExpr(CheckBody(Str(row, "type")))});
    } else if (kind == "composite") {
      auto& t = catalog.composites[qn];
      t.name = qn;
      t.attributes.push_back({Str(row, "sub_name"), Str(row, "type"), Str(row, "collation")});
      t.comment = OptStr(row, "description");
    } else if (kind == "extension") {
      auto& x = catalog.extensions[qn.name];
      x.name = qn.name;
      x.schema = qn.schema;
      x.version = Str(row, "type");
      x.comment = OptStr(row, "description");
    }
  }
}

}  // namespace keel::introspect::postgres
