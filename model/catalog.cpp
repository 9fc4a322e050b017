#include "model/catalog.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <unordered_set>

#include "model/default_schema.h"

namespace keel::model {
namespace {

// PostgreSQL 15 keywords that are not "unreserved": an identifier spelled like one must be
// quoted (what quote_ident() does).
constexpr std::string_view kNonUnreservedKeywords[] = {"all",
                                                       "analyse",
                                                       "analyze",
                                                       "and",
                                                       "any",
                                                       "array",
                                                       "as",
                                                       "asc",
                                                       "asymmetric",
                                                       "authorization",
                                                       "between",
                                                       "bigint",
                                                       "binary",
                                                       "bit",
                                                       "boolean",
                                                       "both",
                                                       "case",
                                                       "cast",
                                                       "char",
                                                       "character",
                                                       "check",
                                                       "coalesce",
                                                       "collate",
                                                       "collation",
                                                       "column",
                                                       "concurrently",
                                                       "constraint",
                                                       "create",
                                                       "cross",
                                                       "current_catalog",
                                                       "current_date",
                                                       "current_role",
                                                       "current_schema",
                                                       "current_time",
                                                       "current_timestamp",
                                                       "current_user",
                                                       "dec",
                                                       "decimal",
                                                       "default",
                                                       "deferrable",
                                                       "desc",
                                                       "distinct",
                                                       "do",
                                                       "else",
                                                       "end",
                                                       "except",
                                                       "exists",
                                                       "extract",
                                                       "false",
                                                       "fetch",
                                                       "float",
                                                       "for",
                                                       "foreign",
                                                       "freeze",
                                                       "from",
                                                       "full",
                                                       "grant",
                                                       "greatest",
                                                       "group",
                                                       "grouping",
                                                       "having",
                                                       "ilike",
                                                       "in",
                                                       "initially",
                                                       "inner",
                                                       "inout",
                                                       "int",
                                                       "integer",
                                                       "intersect",
                                                       "interval",
                                                       "into",
                                                       "is",
                                                       "isnull",
                                                       "join",
                                                       "json_array",
                                                       "json_arrayagg",
                                                       "json_object",
                                                       "json_objectagg",
                                                       "lateral",
                                                       "leading",
                                                       "least",
                                                       "left",
                                                       "like",
                                                       "limit",
                                                       "localtime",
                                                       "localtimestamp",
                                                       "national",
                                                       "natural",
                                                       "nchar",
                                                       "none",
                                                       "normalize",
                                                       "not",
                                                       "notnull",
                                                       "null",
                                                       "nullif",
                                                       "numeric",
                                                       "offset",
                                                       "on",
                                                       "only",
                                                       "or",
                                                       "order",
                                                       "out",
                                                       "outer",
                                                       "overlaps",
                                                       "overlay",
                                                       "placing",
                                                       "position",
                                                       "precision",
                                                       "primary",
                                                       "real",
                                                       "references",
                                                       "returning",
                                                       "right",
                                                       "row",
                                                       "select",
                                                       "session_user",
                                                       "setof",
                                                       "similar",
                                                       "smallint",
                                                       "some",
                                                       "substring",
                                                       "symmetric",
                                                       "system_user",
                                                       "table",
                                                       "tablesample",
                                                       "then",
                                                       "time",
                                                       "timestamp",
                                                       "to",
                                                       "trailing",
                                                       "treat",
                                                       "trim",
                                                       "true",
                                                       "union",
                                                       "unique",
                                                       "user",
                                                       "using",
                                                       "values",
                                                       "varchar",
                                                       "variadic",
                                                       "verbose",
                                                       "when",
                                                       "where",
                                                       "window",
                                                       "with",
                                                       "xmlattributes",
                                                       "xmlconcat",
                                                       "xmlelement",
                                                       "xmlexists",
                                                       "xmlforest",
                                                       "xmlnamespaces",
                                                       "xmlparse",
                                                       "xmlpi",
                                                       "xmlroot",
                                                       "xmlserialize",
                                                       "xmltable"};

// Every quoted name asks: a hash lookup instead of a scan of the list.
bool IsKeyword(std::string_view word) {
  static const std::unordered_set<std::string_view> keywords(std::begin(kNonUnreservedKeywords),
                                                             std::end(kNonUnreservedKeywords));
  return keywords.count(word) > 0;
}

}  // namespace

std::string SourceLoc::ToString() const {
  if (file.empty()) return "";
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (col > 0) out += ":" + std::to_string(col);
  }
  return out;
}

std::string QuoteIdent(const std::string& ident) {
  bool safe = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) safe = false;
  }
  if (safe && !IsKeyword(ident)) return ident;
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string QualifiedName::Sql() const {
  if (schema.empty()) return QuoteIdent(name);
  return QuoteIdent(schema) + "." + QuoteIdent(name);
}

std::string QualifiedName::Display() const { return schema.empty() ? name : schema + "." + name; }

const Column* Table::FindColumn(const std::string& column) const {
  for (const auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

Column* Table::FindColumn(const std::string& column) {
  for (auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

const Constraint* Table::FindConstraint(const std::string& constraint) const {
  for (const auto& c : constraints)
    if (c.name == constraint) return &c;
  return nullptr;
}

bool Catalog::IsBuiltinSchema(const std::string& schema) {
  return schema == "public" || schema == DefaultSchema() || schema == "pg_catalog" ||
         schema == "information_schema" || schema.starts_with("pg_toast") ||
         schema.starts_with("pg_temp");
}

const Table* Catalog::PartitionRoot(const Table& table) const {
  const Table* root = &table;
  // A cycle is not a valid catalog; the depth bound keeps a bad one from hanging.
  for (int depth = 0; !root->partition_of.name.empty(); ++depth) {
    auto it = tables.find(root->partition_of);
    if (it == tables.end() || depth > 64) return nullptr;
    root = &it->second;
  }
  return root;
}

}  // namespace keel::model
