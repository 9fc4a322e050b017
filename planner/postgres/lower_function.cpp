#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "model/default_schema.h"
#include "planner/postgres/lower_routines.h"
#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::FunctionId;
using diff::SchemaId;
using diff::TableId;
using model::QualifiedName;

std::string Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// A dollar-quote tag that does not occur in the body.
std::string DollarQuote(const std::string& body) {
  std::string tag = "$function$";
  for (int i = 1; body.find(tag) != std::string::npos; ++i)
    tag = "$function" + std::to_string(i) + "$";
  return tag + body + tag;
}

// Tables, views and functions a LANGUAGE sql body names: the server checks them when it creates the
// function. Conservative: every identifier (optionally schema-qualified) that matches one.
std::vector<std::string> BodyNeeds(const model::Function& f, const model::Catalog& catalog) {
  std::vector<std::string> needs;
  if (f.language != "sql") return needs;
  const std::string& b = f.body;
  std::set<std::string> seen;
  size_t i = 0;
  auto ident = [&](size_t& j) {
    std::string out;
    if (j < b.size() && b[j] == '"') {
      for (++j; j < b.size() && b[j] != '"'; ++j) out += b[j];
      ++j;
      return out;
    }
    while (j < b.size() && (std::isalnum(static_cast<unsigned char>(b[j])) || b[j] == '_'))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(b[j++])));
    return out;
  };
  while (i < b.size()) {
    char c = b[i];
    if (c == '\'') {
      for (++i; i < b.size() && b[i] != '\''; ++i) {
      }
      ++i;
      continue;
    }
    if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '"')) {
      ++i;
      continue;
    }
    const bool quoted = c == '"';
    std::string first = ident(i);
    QualifiedName qn{model::DefaultSchema(), first};
    if (i + 1 < b.size() && b[i] == '.' &&
        (std::isalpha(static_cast<unsigned char>(b[i + 1])) || b[i + 1] == '_' ||
         b[i + 1] == '"')) {
      ++i;
      qn = {first, ident(i)};
    } else if (!quoted && model::QuoteIdent(first) != first) {
      // An unquoted keyword (SELECT, FROM…) is no name: a table "select" must be quoted.
      continue;
    }
    if (qn.name.empty()) {
      ++i;
      continue;
    }
    if (catalog.tables.count(qn) && seen.insert(TableId(qn)).second) needs.push_back(TableId(qn));
    if (catalog.views.count(qn) && seen.insert(diff::ViewId(qn)).second)
      needs.push_back(diff::ViewId(qn));
    auto fn = catalog.functions.lower_bound({qn, ""});
    if (fn != catalog.functions.end() && fn->first.first == qn && qn != f.name &&
        seen.insert(FunctionId(qn)).second)
      needs.push_back(FunctionId(qn));
  }
  return needs;
}

// User types in the signature: they exist before the function and go after it.
std::vector<std::string> TypeNeeds(const model::Function& f) {
  std::vector<std::string> needs;
  for (const auto& a : f.args) Append(needs, diff::ColumnTypeNeeds(a.type));
  std::string returns = f.returns.starts_with("SETOF ") ? f.returns.substr(6) : f.returns;
  Append(needs, diff::ColumnTypeNeeds(returns));
  return needs;
}

Step FunctionStep(const model::Function& f, std::string description, int rank) {
  return MakeStep(FunctionId(f.name), std::move(description), rank, LockLevel::kNone);
}

std::string DropSql(const model::Function& f) { return "DROP " + f.ObjectSql(); }

}  // namespace

bool FunctionReadsTable(const QualifiedName& function, const QualifiedName& table,
                        const model::Catalog& catalog) {
  std::map<std::string, QualifiedName> functions, views;
  for (const auto& [key, f] : catalog.functions) functions.emplace(FunctionId(f.name), f.name);
  for (const auto& [qn, v] : catalog.views) views.emplace(diff::ViewId(qn), qn);
  const std::string target = TableId(table);
  std::set<std::string> seen;
  std::vector<std::string> work = {FunctionId(function)};
  while (!work.empty()) {
    const std::string id = work.back();
    work.pop_back();
    if (id == target) return true;
    if (!seen.insert(id).second) continue;
    if (auto f = functions.find(id); f != functions.end()) {
      for (auto it = catalog.functions.lower_bound({f->second, ""});
           it != catalog.functions.end() && it->first.first == f->second; ++it)
        Append(work, BodyNeeds(it->second, catalog));
    } else if (auto v = views.find(id); v != views.end()) {
      const model::View& view = catalog.views.at(v->second);
      for (const auto& r : view.relations)
        work.push_back(catalog.tables.count(r) ? TableId(r) : diff::ViewId(r));
      for (const auto& fn : view.functions) work.push_back(FunctionId(fn));
    }
  }
  return false;
}

std::vector<std::string> FunctionCallNeeds(const std::string& e) {
  std::vector<std::string> needs;
  auto word = [&](size_t& j) {
    std::string out;
    if (j < e.size() && e[j] == '"') {
      for (++j; j < e.size(); ++j) {
        if (e[j] == '"' && !(j + 1 < e.size() && e[j + 1] == '"')) break;
        if (e[j] == '"') ++j;
        out += e[j];
      }
      ++j;
      return out;
    }
    while (j < e.size() && (std::isalnum(static_cast<unsigned char>(e[j])) || e[j] == '_'))
      out += e[j++];
    return out;
  };
  size_t i = 0;
  while (i < e.size()) {
    char c = e[i];
    if (c == '\'') {
      for (++i; i < e.size(); ++i) {
        if (e[i] == '\'' && !(i + 1 < e.size() && e[i + 1] == '\'')) break;
        if (e[i] == '\'') ++i;
      }
      ++i;
      continue;
    }
    if (!(std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '"')) {
      ++i;
      continue;
    }
    QualifiedName qn{model::DefaultSchema(), word(i)};
    if (i + 1 < e.size() && e[i] == '.' && e[i + 1] != '.') {
      ++i;
      qn = {qn.name, word(i)};
    }
    if (i < e.size() && e[i] == '(' && !qn.name.empty()) needs.push_back(FunctionId(qn));
    if (qn.name.empty()) ++i;
  }
  return needs;
}

std::vector<std::string> CreateFunctionSql(const model::Function& f, bool replace) {
  std::string sql = std::string("CREATE ") + (replace ? "OR REPLACE " : "") +
                    (f.is_procedure ? "PROCEDURE " : "FUNCTION ") + f.name.Sql() + "(";
  for (size_t i = 0; i < f.args.size(); ++i) {
    const auto& a = f.args[i];
    if (i > 0) sql += ", ";
    if (!a.mode.empty()) sql += a.mode + " ";
    if (!a.name.empty()) sql += model::QuoteIdent(a.name) + " ";
    sql += a.type;
    if (!a.default_expr.empty()) sql += " DEFAULT " + a.default_expr.sql;
  }
  sql += ")";
  if (!f.is_procedure) sql += "\n RETURNS " + f.returns;
  sql += "\n LANGUAGE " + model::QuoteIdent(f.language);
  std::string attrs;
  if (f.volatility == 'i') attrs += " IMMUTABLE";
  if (f.volatility == 's') attrs += " STABLE";
  if (f.strict) attrs += " STRICT";
  if (f.security_definer) attrs += " SECURITY DEFINER";
  if (f.leakproof) attrs += " LEAKPROOF";
  if (f.parallel == 's') attrs += " PARALLEL SAFE";
  if (f.parallel == 'r') attrs += " PARALLEL RESTRICTED";
  if (f.cost) attrs += " COST " + Number(*f.cost);
  if (f.rows) attrs += " ROWS " + Number(*f.rows);
  if (!attrs.empty()) sql += "\n" + attrs;
  for (const auto& set : f.config) sql += "\n SET " + set;
  sql += f.standard_body ? "\n" + f.body : "\nAS " + DollarQuote(f.body);
  std::vector<std::string> out = {sql};
  if (f.comment) out.push_back(sql::Comment(f.ObjectSql(), f.comment));
  return out;
}

std::vector<Step> LowerRoutineChange(const diff::RoutineChange& change, const LowerContext& ctx) {
  const std::string description = diff::DescribeRoutineChange(change);
  if (const auto* c = std::get_if<diff::CreateFunction>(&change.change)) {
    const auto& f = c->function;
    Step s = FunctionStep(f, description, kRankCreateFunction);
    s.sql = CreateFunctionSql(f, false);
    s.rollback_sql = {DropSql(f)};
    s.provides = {FunctionId(f.name)};
    s.needs = {SchemaId(f.name.schema)};
    for (auto& n : BodyNeeds(f, ctx.to)) s.needs.push_back(n);
    Append(s.needs, TypeNeeds(f));
    return {s};
  }
  if (const auto* c = std::get_if<diff::DropFunction>(&change.change)) {
    const auto& f = c->function;
    Step s = FunctionStep(f, description, kRankDropFunction);
    s.sql = {DropSql(f)};
    s.rollback_sql = CreateFunctionSql(f, false);
    s.removes = {FunctionId(f.name)};
    s.releases = {SchemaId(f.name.schema)};
    for (auto& n : BodyNeeds(f, ctx.from)) s.releases.push_back(n);
    Append(s.releases, TypeNeeds(f));
    return {s};
  }
  if (const auto* c = std::get_if<diff::ReplaceFunction>(&change.change)) {
    Step s = FunctionStep(c->to, description, kRankCreateFunction);
    s.sql = {CreateFunctionSql(c->to, true)[0]};
    s.rollback_sql = {CreateFunctionSql(c->from, true)[0]};
    s.provides = {FunctionId(c->to.name)};
    for (auto& n : BodyNeeds(c->to, ctx.to)) s.needs.push_back(n);
    return {s};
  }
  if (std::holds_alternative<diff::CreateDefinition>(change.change) ||
      std::holds_alternative<diff::DropDefinition>(change.change) ||
      std::holds_alternative<diff::ReplaceDefinition>(change.change))
    return LowerDefinitionChange(change);
  return LowerTriggerChange(change, ctx);
}

}  // namespace keel::planner::postgres
