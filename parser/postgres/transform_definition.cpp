// CREATE OPERATOR and CREATE AGGREGATE (DefineStmt), and COMMENT ON them.
#include <algorithm>
#include <set>

#include "model/default_schema.h"
#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

enum class ValueKind { kType, kFunction, kOperator, kLiteral, kFlag, kWord, kNumber };

// The options keel understands, by what their value is. PROCEDURE is the old spelling of
// FUNCTION; BASETYPE the old-style aggregate's input type.
const std::map<std::string, ValueKind>& Options() {
  static const std::map<std::string, ValueKind> options = {
      {"function", ValueKind::kFunction},
      {"procedure", ValueKind::kFunction},
      {"leftarg", ValueKind::kType},
      {"rightarg", ValueKind::kType},
      {"commutator", ValueKind::kOperator},
      {"negator", ValueKind::kOperator},
      {"restrict", ValueKind::kFunction},
      {"join", ValueKind::kFunction},
      {"hashes", ValueKind::kFlag},
      {"merges", ValueKind::kFlag},
      {"basetype", ValueKind::kType},
      {"sfunc", ValueKind::kFunction},
      {"stype", ValueKind::kType},
      {"sspace", ValueKind::kNumber},
      {"finalfunc", ValueKind::kFunction},
      {"finalfunc_extra", ValueKind::kFlag},
      {"finalfunc_modify", ValueKind::kWord},
      {"combinefunc", ValueKind::kFunction},
      {"serialfunc", ValueKind::kFunction},
      {"deserialfunc", ValueKind::kFunction},
      {"initcond", ValueKind::kLiteral},
      {"msfunc", ValueKind::kFunction},
      {"minvfunc", ValueKind::kFunction},
      {"mstype", ValueKind::kType},
      {"msspace", ValueKind::kNumber},
      {"mfinalfunc", ValueKind::kFunction},
      {"mfinalfunc_extra", ValueKind::kFlag},
      {"mfinalfunc_modify", ValueKind::kWord},
      {"minitcond", ValueKind::kLiteral},
      {"sortop", ValueKind::kOperator},
      {"parallel", ValueKind::kWord},
  };
  return options;
}

std::vector<std::string> Names(const Node* n) {
  if (n == nullptr) return {};
  if (n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
    return NameList(n->type_name->names, n->type_name->n_names);
  if (n->node_case == PG_QUERY__NODE__NODE_LIST) return NameList(n->list->items, n->list->n_items);
  return {StrVal(n)};
}

// Operators print without the default schemas and never quoted: "~<<", "myschema.~<<".
std::string OperatorName(std::vector<std::string> names) {
  if (names.size() == 2 && (names[0] == "pg_catalog" || names[0] == model::DefaultSchema()))
    names.erase(names.begin());
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i > 0 ? "." : "") + (i + 1 < names.size() ? model::QuoteIdent(names[i]) : names[i]);
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The canonical value of one option, or nullopt when its node is not what the option takes.
std::optional<std::string> Value(ValueKind kind, const Node* n) {
  switch (kind) {
    case ValueKind::kFlag:
      return "true";
    case ValueKind::kType:
      if (n != nullptr && n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        return TypeNameToString(n->type_name);
      if (n != nullptr && n->node_case == PG_QUERY__NODE__NODE_STRING) return StrVal(n);
      return std::nullopt;
    case ValueKind::kFunction:
      return n == nullptr ? std::nullopt : std::optional(CatalogName(Names(n)));
    case ValueKind::kOperator:
      return n == nullptr ? std::nullopt : std::optional(OperatorName(Names(n)));
    case ValueKind::kWord:
      return n == nullptr ? std::nullopt : std::optional(Lower(Names(n).back()));
    case ValueKind::kLiteral:
    case ValueKind::kNumber:
      if (n == nullptr) return std::nullopt;
      if (n->node_case == PG_QUERY__NODE__NODE_INTEGER) return std::to_string(n->integer->ival);
      if (n->node_case == PG_QUERY__NODE__NODE_FLOAT) return std::string(n->float_->fval);
      return StrVal(n);
  }
  return std::nullopt;
}

std::string JoinTypes(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) out += (i > 0 ? ", " : "") + types[i];
  return out;
}

// Aggregate arguments: a list of FunctionParameter lists plus the count of direct arguments
// (only ordered-set aggregates have those).
bool AggregateArgs(Ctx& ctx, PgQuery__DefineStmt* stmt, std::string& args) {
  if (stmt->n_args == 0) return true;  // old style: BASETYPE in the options
  const Node* list = stmt->args[0];
  if (stmt->n_args > 1 && stmt->args[1]->node_case == PG_QUERY__NODE__NODE_INTEGER &&
      stmt->args[1]->integer->ival >= 0) {
    ctx.Error(-1, "unsupported statement: CREATE AGGREGATE of an ordered-set aggregate");
    return false;
  }
  std::vector<std::string> types;
  if (list != nullptr && list->node_case == PG_QUERY__NODE__NODE_LIST) {
    for (size_t i = 0; i < list->list->n_items; ++i) {
      const Node* p = list->list->items[i];
      if (p->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER) continue;
      const auto* fp = p->function_parameter;
      std::string type = fp->arg_type != nullptr ? TypeNameToString(fp->arg_type) : "";
      if (fp->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC)
        type = "VARIADIC " + type;
      types.push_back(type);
    }
  }
  args = types.empty() ? "*" : JoinTypes(types);
  return true;
}

}  // namespace

void TransformDefine(Ctx& ctx, PgQuery__DefineStmt* stmt) {
  model::Definition d;
  if (stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
    d.kind = "AGGREGATE";
  } else if (stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR) {
    d.kind = "OPERATOR";
  } else {
    return ctx.Error(-1, "unsupported statement: CREATE of this kind of object (DefineStmt)");
  }
  auto names = NameList(stmt->defnames, stmt->n_defnames);
  d.name = QualifiedFromList(names);
  d.loc = ctx.Loc(-1);
  if (d.kind == "AGGREGATE" && !AggregateArgs(ctx, stmt, d.args)) return;
  for (size_t i = 0; i < stmt->n_definition; ++i) {
    const Node* n = stmt->definition[i];
    if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const auto* e = n->def_elem;
    std::string key = Lower(e->defname);
    auto kind = Options().find(key);
    if (kind == Options().end())
      return ctx.Error(e->location, "unsupported option in CREATE " + d.kind + ": " + key);
    auto value = Value(kind->second, e->arg);
    if (!value) return ctx.Error(e->location, "unsupported value for " + key);
    if (key == "procedure") key = "function";
    d.options[key] = *value;
  }
  if (d.kind == "OPERATOR") {
    auto take = [&](const char* key) {
      auto it = d.options.find(key);
      if (it == d.options.end()) return std::string("NONE");
      std::string v = it->second;
      d.options.erase(it);
      return v;
    };
    std::string left = take("leftarg");
    d.args = left + ", " + take("rightarg");
  } else if (auto it = d.options.find("basetype"); it != d.options.end()) {
    d.args = it->second == "\"any\"" ? "*" : it->second;
    d.options.erase(it);
  }
  std::string key = d.ObjectSql();
  auto& defs = ctx.catalog().definitions;
  if (defs.count(key)) {
    if (!stmt->replace) return ctx.Error(-1, key + " is already defined");
  }
  defs[key] = std::move(d);
}

bool CommentOnDefinition(Ctx& ctx, PgQuery__CommentStmt* stmt) {
  std::string kind;
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE)
    kind = "AGGREGATE";
  else if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR)
    kind = "OPERATOR";
  else
    return false;
  if (stmt->object == nullptr || stmt->object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) {
    ctx.Error(-1, "unsupported statement: COMMENT ON " + kind);
    return true;
  }
  const auto* o = stmt->object->object_with_args;
  model::Definition probe;
  probe.kind = kind;
  probe.name = QualifiedFromList(NameList(o->objname, o->n_objname));
  std::vector<std::string> types;
  for (size_t i = 0; i < o->n_objargs; ++i) {
    const Node* a = o->objargs[i];
    types.push_back(a != nullptr && a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
                        ? TypeNameToString(a->type_name)
                        : "NONE");
  }
  probe.args = types.empty() && kind == "AGGREGATE" ? "*" : JoinTypes(types);
  auto& defs = ctx.catalog().definitions;
  auto it = defs.find(probe.ObjectSql());
  if (it == defs.end()) {
    ctx.Error(-1, probe.ObjectSql() + " does not exist");
    return true;
  }
  if (stmt->comment != nullptr)
    it->second.comment = std::string(stmt->comment);
  else
    it->second.comment.reset();
  return true;
}

}  // namespace keel::parser::postgres
