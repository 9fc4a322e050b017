// DDL of the property tests' objects: what ObjectGen describes, as a user would write it.
#include <map>

#include "tests/property/object_gen.h"

namespace keel::proptest {
namespace {

using model::QualifiedName;
using model::QuoteIdent;
using model::QuoteLiteral;

std::string FunctionSql(const FunctionObj& f) {
  const std::string volatility = f.stable ? "STABLE" : "IMMUTABLE";
  const std::string k = std::to_string(f.version);
  if (f.trigger) {
    return "CREATE FUNCTION " + f.name.Sql() +
           "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE DEBUG 'version " + k +
           "';\n  IF TG_OP = 'DELETE' THEN\n    RETURN OLD;\n  END IF;\n  RETURN NEW;\nEND\n$$";
  }
  const std::string head =
      "CREATE FUNCTION " + f.name.Sql() + "(x integer) RETURNS integer LANGUAGE ";
  if (f.language == "standard") return head + "sql " + volatility + " RETURN x + " + k;
  if (f.language == "sql") return head + "sql " + volatility + " AS $$SELECT x + " + k + "$$";
  return head + "plpgsql " + volatility + " AS $$\nBEGIN\n  RETURN x * " + k + ";\nEND\n$$";
}

std::string ViewSql(const ViewObj& v) {
  std::string sql = std::string("CREATE ") + (v.materialized ? "MATERIALIZED " : "") + "VIEW " +
                    v.name.Sql() + " AS SELECT ";
  for (size_t i = 0; i < v.columns.size(); ++i) {
    const ViewColumn& c = v.columns[i];
    if (i > 0) sql += ", ";
    sql += c.function.name.empty() ? QuoteIdent(c.column)
                                   : c.function.Sql() + "(" + QuoteIdent(c.column) + ")";
    sql += " AS " + QuoteIdent(c.alias);
  }
  sql += " FROM " + v.from.Sql();
  if (!v.where_column.empty()) sql += " WHERE " + QuoteIdent(v.where_column) + " IS NOT NULL";
  return sql;
}

std::string RangeBound(int slot) {
  return "FOR VALUES FROM (" + std::to_string(slot * 100) + ") TO (" +
         std::to_string(slot * 100 + 100) + ")";
}

std::string ListBound(int slot) {
  const std::string s = std::to_string(slot);
  return "FOR VALUES IN ('s" + s + "a', 's" + s + "b')";
}

QualifiedName Partition(const PartitionedObj& p, int slot) {
  return {p.name.schema, p.name.name + "_p" + std::to_string(slot)};
}

std::string CommentSql(const std::string& object, const Comment& comment) {
  return "COMMENT ON " + object + " IS " + QuoteLiteral(*comment);
}

}  // namespace

const std::vector<std::vector<std::string>>& TriggerEvents() {
  static const std::vector<std::vector<std::string>> events = {
      {"INSERT"}, {"INSERT", "UPDATE"}, {"DELETE"}, {"UPDATE"}, {"INSERT", "DELETE"}};
  return events;
}

const std::vector<std::string>& DomainChecks(const std::string& base) {
  static const std::vector<std::string> integer = {"VALUE > 0", "VALUE >= -5 AND VALUE < 1000"};
  static const std::vector<std::string> text = {"length(VALUE) < 50", "VALUE <> ''"};
  return base == "integer" ? integer : text;
}

std::vector<std::string> ObjectStatements(const Objects& o) {
  std::vector<std::string> out;
  std::vector<std::string> comments;
  for (const auto& e : o.enums) {
    std::string sql = "CREATE TYPE " + e.name.Sql() + " AS ENUM (";
    for (size_t i = 0; i < e.values.size(); ++i) sql += (i ? ", " : "") + QuoteLiteral(e.values[i]);
    out.push_back(sql + ")");
    if (e.comment) comments.push_back(CommentSql("TYPE " + e.name.Sql(), e.comment));
  }
  for (const auto& d : o.domains) {
    const bool integer = d.base == "integer";
    std::string sql = "CREATE DOMAIN " + d.name.Sql() + " AS " + d.base;
    if (d.has_default) sql += integer ? " DEFAULT 1" : " DEFAULT 'x'";
    if (d.not_null) sql += " NOT NULL";
    if (d.check >= 0) sql += " CHECK (" + DomainChecks(d.base).at(d.check) + ")";
    out.push_back(sql);
    if (d.comment) comments.push_back(CommentSql("DOMAIN " + d.name.Sql(), d.comment));
  }
  for (const auto& c : o.composites) {
    std::string sql = "CREATE TYPE " + c.name.Sql() + " AS (";
    for (size_t i = 0; i < c.attributes.size(); ++i)
      sql += (i ? ", " : "") + QuoteIdent(c.attributes[i].first) + " " + c.attributes[i].second;
    out.push_back(sql + ")");
    if (c.comment) comments.push_back(CommentSql("TYPE " + c.name.Sql(), c.comment));
  }
  for (const auto& f : o.functions) {
    out.push_back(FunctionSql(f));
    const std::string sig = f.name.Sql() + (f.trigger ? "()" : "(integer)");
    if (f.comment) comments.push_back(CommentSql("FUNCTION " + sig, f.comment));
  }
  for (const auto& c : o.columns) {
    const std::string table = "ALTER TABLE " + c.table.Sql();
    std::string sql = table + " ADD COLUMN " + QuoteIdent(c.name) + " " +
                      (c.type.name.empty() ? "integer" : c.type.Sql());
    if (!c.default_sql.empty()) sql += " DEFAULT " + c.default_sql;
    out.push_back(sql);
    if (!c.check_name.empty())
      out.push_back(table + " ADD CONSTRAINT " + QuoteIdent(c.check_name) + " CHECK (" +
                    c.function.Sql() + "(" + QuoteIdent(c.name) + ") > -1000000)");
  }
  for (const auto& p : o.partitioned) {
    out.push_back("CREATE TABLE " + p.name.Sql() + " (id integer NOT NULL, k " +
                  (p.range ? "integer" : "text") + ", v text) PARTITION BY " +
                  (p.range ? "RANGE" : "LIST") + " (k)");
    if (p.extra_column) out.push_back("ALTER TABLE " + p.name.Sql() + " ADD COLUMN w text");
    for (int slot : p.slots)
      out.push_back("CREATE TABLE " + Partition(p, slot).Sql() + " PARTITION OF " + p.name.Sql() +
                    " " + (p.range ? RangeBound(slot) : ListBound(slot)));
    if (p.default_part)
      out.push_back("CREATE TABLE " + QualifiedName{p.name.schema, p.name.name + "_def"}.Sql() +
                    " PARTITION OF " + p.name.Sql() + " DEFAULT");
    if (p.index)
      out.push_back("CREATE INDEX " + QuoteIdent(p.name.name + "_k_idx") + " ON " + p.name.Sql() +
                    " (k)");
    if (p.comment) comments.push_back(CommentSql("TABLE " + p.name.Sql(), p.comment));
  }
  for (const auto& v : o.views) {
    out.push_back(ViewSql(v));
    if (v.comment)
      comments.push_back(CommentSql(
          std::string(v.materialized ? "MATERIALIZED VIEW " : "VIEW ") + v.name.Sql(), v.comment));
  }
  for (const auto& t : o.triggers) {
    std::string events;
    for (const auto& e : TriggerEvents().at(t.events)) events += (events.empty() ? "" : " OR ") + e;
    out.push_back("CREATE TRIGGER " + QuoteIdent(t.name) + (t.before ? " BEFORE " : " AFTER ") +
                  events + " ON " + t.table.Sql() + " FOR EACH " + (t.row ? "ROW" : "STATEMENT") +
                  " EXECUTE FUNCTION " + t.function.Sql() + "()");
    static const std::map<char, std::string> kStates = {
        {'D', "DISABLE"}, {'R', "ENABLE REPLICA"}, {'A', "ENABLE ALWAYS"}};
    if (t.enabled != 'O')
      out.push_back("ALTER TABLE " + t.table.Sql() + " " + kStates.at(t.enabled) + " TRIGGER " +
                    QuoteIdent(t.name));
    if (t.comment)
      comments.push_back(
          CommentSql("TRIGGER " + QuoteIdent(t.name) + " ON " + t.table.Sql(), t.comment));
  }
  for (const auto& t : o.rls)
    out.push_back("ALTER TABLE " + t.Sql() + " ENABLE ROW LEVEL SECURITY");
  for (const auto& t : o.forced)
    out.push_back("ALTER TABLE " + t.Sql() + " FORCE ROW LEVEL SECURITY");
  for (const auto& p : o.policies) {
    const std::string predicate = "(" + QuoteIdent(p.column) + " IS NOT NULL)";
    std::string sql = "CREATE POLICY " + QuoteIdent(p.name) + " ON " + p.table.Sql() +
                      (p.permissive ? "" : " AS RESTRICTIVE") + " FOR " + p.command;
    if (p.command != "INSERT") sql += " USING " + predicate;
    if (p.command == "ALL" || p.command == "INSERT" || p.command == "UPDATE")
      sql += " WITH CHECK " + predicate;
    out.push_back(sql);
    if (p.comment)
      comments.push_back(
          CommentSql("POLICY " + QuoteIdent(p.name) + " ON " + p.table.Sql(), p.comment));
  }
  out.insert(out.end(), comments.begin(), comments.end());
  return out;
}

}  // namespace keel::proptest
