// CREATE FUNCTION / CREATE PROCEDURE. pg_get_functiondef output is read through this same code
// on the live side, so both sides spell every attribute the same way.
#include <string>
#include <vector>

#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

bool BoolArg(const Node* n) {
  if (n == nullptr) return true;
  if (n->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return n->boolean->boolval;
  if (n->node_case == PG_QUERY__NODE__NODE_INTEGER) return n->integer->ival != 0;
  return true;
}

std::string StrArg(const Node* n) {
  if (n == nullptr) return "";
  if (n->node_case == PG_QUERY__NODE__NODE_STRING) return StrVal(n);
  if (n->node_case == PG_QUERY__NODE__NODE_INTEGER) return std::to_string(n->integer->ival);
  if (n->node_case == PG_QUERY__NODE__NODE_FLOAT) return n->float_->fval;
  return "";
}

std::optional<double> NumArg(const Node* n) {
  std::string s = StrArg(n);
  if (s.empty()) return std::nullopt;
  return std::stod(s);
}

// A constant of a SET clause as pg_get_functiondef prints it: every value quoted.
std::string SetValue(const Node* n) {
  if (n == nullptr || n->node_case != PG_QUERY__NODE__NODE_A_CONST) return "";
  const PgQuery__AConst* c = n->a_const;
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_SVAL:
      return model::QuoteLiteral(c->sval->sval);
    case PG_QUERY__A__CONST__VAL_IVAL:
      return model::QuoteLiteral(std::to_string(c->ival->ival));
    case PG_QUERY__A__CONST__VAL_FVAL:
      return model::QuoteLiteral(c->fval->fval);
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return model::QuoteLiteral(c->boolval->boolval ? "on" : "off");
    default:
      return "";
  }
}

std::string SetClause(const PgQuery__VariableSetStmt* s) {
  // Setting names are case-insensitive; the server prints some in their own case ("TimeZone").
  std::string name = s->name;
  for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (s->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT) return name + " FROM CURRENT";
  std::string out = name + " TO ";
  for (size_t i = 0; i < s->n_args; ++i) out += (i > 0 ? ", " : "") + SetValue(s->args[i]);
  return out;
}

// The SQL-standard body (RETURN x / BEGIN ATOMIC … END) in libpg_query's spelling.
std::string StandardBody(PgQuery__CreateFunctionStmt* stmt, Arena& arena) {
  auto* bare = arena.New(pg_query__create_function_stmt__init);
  auto* name = arena.New(pg_query__string__init);
  name->sval = arena.Strdup("f");
  auto* name_node = arena.New(pg_query__node__init);
  name_node->node_case = PG_QUERY__NODE__NODE_STRING;
  name_node->string = name;
  bare->funcname = static_cast<Node**>(arena.Alloc(sizeof(Node*)));
  bare->funcname[0] = name_node;
  bare->n_funcname = 1;
  bare->sql_body = stmt->sql_body;
  auto* node = arena.New(pg_query__node__init);
  node->node_case = PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT;
  node->create_function_stmt = bare;
  std::string text = DeparseStmt(node);
  size_t p = text.find(") ");
  return p == std::string::npos ? text : text.substr(p + 2);
}

}  // namespace

void TransformCreateFunction(Ctx& ctx, PgQuery__CreateFunctionStmt* stmt) {
  model::Function f;
  f.name = QualifiedFromList(NameList(stmt->funcname, stmt->n_funcname));
  f.is_procedure = stmt->is_procedure;
  f.loc = ctx.Loc(-1);
  std::vector<std::string> inputs, table_cols;
  std::vector<const model::FunctionArg*> outs;
  f.args.reserve(stmt->n_parameters);
  for (size_t i = 0; i < stmt->n_parameters; ++i) {
    const Node* pn = stmt->parameters[i];
    if (pn->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER) continue;
    PgQuery__FunctionParameter* p = pn->function_parameter;
    model::FunctionArg a;
    a.name = p->name != nullptr ? p->name : "";
    a.type = p->arg_type != nullptr ? TypeNameToString(p->arg_type) : "";
    if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE) {
      table_cols.push_back(model::QuoteIdent(a.name) + " " + a.type);
      continue;
    }
    switch (p->mode) {
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
        a.mode = "OUT";
        break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
        a.mode = "INOUT";
        break;
      case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
        a.mode = "VARIADIC";
        break;
      default:
        break;
    }
    if (p->defexpr != nullptr) a.default_expr = ctx.Expr(p->defexpr);
    // Procedures' OUT arguments are part of their identity, functions' are not.
    if (a.mode != "OUT" || f.is_procedure) inputs.push_back(a.type);
    f.args.push_back(std::move(a));
    if (f.args.back().mode == "OUT" || f.args.back().mode == "INOUT")
      outs.push_back(&f.args.back());
  }
  for (size_t i = 0; i < inputs.size(); ++i) f.signature += (i > 0 ? ", " : "") + inputs[i];
  if (!table_cols.empty()) {
    f.returns = "TABLE(";
    for (size_t i = 0; i < table_cols.size(); ++i) f.returns += (i > 0 ? ", " : "") + table_cols[i];
    f.returns += ")";
  } else if (stmt->return_type != nullptr) {
    f.returns = (stmt->return_type->setof ? "SETOF " : "") + TypeNameToString(stmt->return_type);
  } else if (!f.is_procedure) {
    // RETURNS left out: the server derives it from the OUT arguments.
    f.returns = outs.size() == 1 ? outs[0]->type : "record";
  }
  bool c_like = false;
  std::vector<std::string> as;
  for (size_t i = 0; i < stmt->n_options; ++i) {
    const Node* on = stmt->options[i];
    if (on->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    PgQuery__DefElem* d = on->def_elem;
    std::string opt = d->defname;
    if (opt == "as" && d->arg != nullptr && d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
      as = NameList(d->arg->list->items, d->arg->list->n_items);
    } else if (opt == "language") {
      f.language = StrArg(d->arg);
    } else if (opt == "volatility") {
      f.volatility = StrArg(d->arg).empty() ? 'v' : StrArg(d->arg)[0];
    } else if (opt == "strict") {
      f.strict = BoolArg(d->arg);
    } else if (opt == "security") {
      f.security_definer = BoolArg(d->arg);
    } else if (opt == "leakproof") {
      f.leakproof = BoolArg(d->arg);
    } else if (opt == "parallel") {
      f.parallel = StrArg(d->arg).empty() ? 'u' : StrArg(d->arg)[0];
    } else if (opt == "cost") {
      f.cost = NumArg(d->arg);
    } else if (opt == "rows") {
      f.rows = NumArg(d->arg);
    } else if (opt == "set" && d->arg != nullptr &&
               d->arg->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
      if (d->arg->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
          d->arg->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
        continue;
      f.config.push_back(SetClause(d->arg->variable_set_stmt));
    } else if (opt == "window" || opt == "support" || opt == "transform") {
      c_like = true;
    }
  }
  if (c_like || (f.language != "sql" && f.language != "plpgsql") || as.size() > 1) {
    return ctx.Error(-1, "unsupported: CREATE FUNCTION in language " + f.language +
                             " (only sql and plpgsql are supported)");
  }
  if (stmt->sql_body != nullptr) {
    f.standard_body = true;
    f.body = StandardBody(stmt, *ctx.unit.parsed.arena);
  } else if (!as.empty()) {
    f.body = as[0];
  }
  // Defaults the server leaves unprinted: cost 100, rows 1000 for set-returning functions.
  if (f.cost && *f.cost == 100) f.cost.reset();
  bool returns_set = f.returns.starts_with("SETOF ") || f.returns.starts_with("TABLE(");
  if (f.rows && (!returns_set || *f.rows == 1000)) f.rows.reset();
  auto& functions = ctx.catalog().functions;
  model::FunctionKey key{f.name, f.signature};
  if (functions.count(key) && !stmt->replace) {
    return ctx.Error(-1, "function " + f.name.Display() + "(" + f.signature + ") already exists");
  }
  functions[key] = std::move(f);
}

// COMMENT ON FUNCTION/PROCEDURE name(args): matched by name and input argument types.
void CommentOnFunction(Ctx& ctx, PgQuery__CommentStmt* stmt) {
  if (stmt->object == nullptr || stmt->object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
    return ctx.Error(-1, "unsupported statement: COMMENT ON this kind of object");
  PgQuery__ObjectWithArgs* o = stmt->object->object_with_args;
  model::QualifiedName name = QualifiedFromList(NameList(o->objname, o->n_objname));
  std::vector<std::string> types;
  for (size_t i = 0; i < o->n_objargs; ++i)
    if (o->objargs[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
      types.push_back(TypeNameToString(o->objargs[i]->type_name));
  std::string sig;
  for (size_t i = 0; i < types.size(); ++i) sig += (i > 0 ? ", " : "") + types[i];
  auto& functions = ctx.catalog().functions;
  auto it = functions.find({name, sig});
  if (it == functions.end() && o->args_unspecified) {
    for (auto f = functions.begin(); f != functions.end(); ++f)
      if (f->first.first == name) it = f;
  }
  if (it == functions.end())
    return ctx.Error(-1, "function " + name.Display() + "(" + sig + ") does not exist");
  if (stmt->comment != nullptr)
    it->second.comment = std::string(stmt->comment);
  else
    it->second.comment.reset();
}

}  // namespace keel::parser::postgres
