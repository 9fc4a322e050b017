// Lowering of operator and aggregate changes.
#include <set>

#include "model/default_schema.h"
#include "planner/postgres/lower_routines.h"
#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::DefinitionId;
using diff::FunctionId;
using diff::SchemaId;

const std::set<std::string>& FunctionOptions() {
  static const std::set<std::string> names = {
      "function",   "restrict",     "join",   "sfunc",    "finalfunc", "combinefunc",
      "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mfinalfunc"};
  return names;
}

std::string OptionSql(const std::string& key, const std::string& value) {
  std::string name;
  for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (value == "true" && (key == "hashes" || key == "merges" || key.ends_with("_extra")))
    return name;
  if (key == "initcond" || key == "minitcond") return name + " = " + model::QuoteLiteral(value);
  if (key == "commutator" || key == "negator" || key == "sortop")
    return name + " = OPERATOR(" + value + ")";
  return name + " = " + value;
}

std::vector<std::string> CreateSql(const model::Definition& d, bool replace) {
  std::vector<std::string> options;
  if (d.kind == "OPERATOR") {
    auto comma = d.args.find(", ");
    std::string left = d.args.substr(0, comma), right = d.args.substr(comma + 2);
    if (left != "NONE") options.push_back("LEFTARG = " + left);
    if (right != "NONE") options.push_back("RIGHTARG = " + right);
  }
  for (const auto& [key, value] : d.options) options.push_back(OptionSql(key, value));
  std::string sql = std::string("CREATE ") + (replace ? "OR REPLACE " : "") + d.kind + " " +
                    d.NameSql() + (d.kind == "AGGREGATE" ? "(" + d.args + ")" : "") + " (";
  for (size_t i = 0; i < options.size(); ++i) sql += (i > 0 ? ", " : "") + options[i];
  std::vector<std::string> out = {sql + ")"};
  if (d.comment) out.push_back(sql::Comment(d.ObjectSql(), d.comment));
  return out;
}

// The schema, the functions it calls and the types it takes.
std::vector<std::string> Needs(const model::Definition& d) {
  std::vector<std::string> needs = {SchemaId(d.name.schema)};
  for (const auto& [key, value] : d.options) {
    if (FunctionOptions().count(key)) {
      auto dot = value.find('.');
      model::QualifiedName fn =
          dot == std::string::npos
              ? model::QualifiedName{model::DefaultSchema(), value}
              : model::QualifiedName{value.substr(0, dot), value.substr(dot + 1)};
      needs.push_back(FunctionId(fn));
    }
    if (key == "stype" || key == "mstype") Append(needs, diff::ColumnTypeNeeds(value));
  }
  return needs;
}

Step DefinitionStep(const model::Definition& d, std::string description, int rank) {
  return MakeStep(DefinitionId(d), std::move(description), rank, LockLevel::kNone);
}

}  // namespace

std::vector<Step> LowerDefinitionChange(const diff::RoutineChange& change) {
  const std::string description = diff::DescribeRoutineChange(change);
  if (const auto* c = std::get_if<diff::CreateDefinition>(&change.change)) {
    const auto& d = c->definition;
    Step s = DefinitionStep(d, description, kRankCreateFunction);
    s.sql = CreateSql(d, false);
    s.rollback_sql = {"DROP " + d.ObjectSql()};
    s.provides = {DefinitionId(d)};
    s.needs = Needs(d);
    return {s};
  }
  if (const auto* c = std::get_if<diff::DropDefinition>(&change.change)) {
    const auto& d = c->definition;
    Step s = DefinitionStep(d, description, kRankDropFunction);
    s.sql = {"DROP " + d.ObjectSql()};
    s.rollback_sql = CreateSql(d, false);
    s.removes = {DefinitionId(d)};
    s.releases = Needs(d);
    return {s};
  }
  const auto& r = std::get<diff::ReplaceDefinition>(change.change);
  Step s = DefinitionStep(r.to, description, kRankCreateFunction);
  s.sql = {CreateSql(r.to, true)[0]};
  s.rollback_sql = {CreateSql(r.from, true)[0]};
  s.needs = Needs(r.to);
  s.releases = Needs(r.from);
  return {s};
}

}  // namespace keel::planner::postgres
