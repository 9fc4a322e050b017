#include "parser/postgres/expr.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <set>

#include "model/default_schema.h"
#include "parser/postgres/pg_tree.h"

namespace keel::parser::postgres {
namespace {

using model::QuoteIdent;

const std::set<std::string> kNumericTypes = {"smallint", "integer",          "bigint", "numeric",
                                             "real",     "double precision", "oid"};

const std::set<std::string> kArrayElementTypes = {
    "int2", "int4",    "int8",  "float4", "float8", "bool",      "varchar",     "bpchar",
    "text", "numeric", "date",  "time",   "timetz", "timestamp", "timestamptz", "uuid",
    "json", "jsonb",   "bytea", "inet",   "cidr",   "interval",  "oid",         "name"};

int32_t IntConst(const Node* node) {
  if (node != nullptr && node->node_case == PG_QUERY__NODE__NODE_A_CONST &&
      node->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
    return node->a_const->ival->ival;
  return -1;
}

std::string Typmods(const PgQuery__TypeName* type) {
  if (type->n_typmods == 0) return "";
  std::string out = "(";
  for (size_t i = 0; i < type->n_typmods; ++i) {
    if (i > 0) out += ",";
    out += std::to_string(IntConst(type->typmods[i]));
  }
  return out + ")";
}

// format_type() spellings of pg_catalog types whose SQL names differ from their internal ones.
std::string BuiltinSpelling(const std::string& name, const PgQuery__TypeName* type, bool catalog) {
  std::string mods = Typmods(type);
  if (name == "int2") return "smallint";
  if (name == "int4") return "integer";
  if (name == "int8") return "bigint";
  if (name == "float4") return "real";
  if (name == "float8") return "double precision";
  if (name == "bool") return "boolean";
  if (name == "varchar") return "character varying" + mods;
  if (name == "bpchar") return mods.empty() ? "bpchar" : "character" + mods;
  if (name == "numeric" || name == "decimal") {
    // numeric(p) is numeric(p,0): format_type() prints the scale.
    if (type->n_typmods == 1)
      return "numeric(" + std::to_string(IntConst(type->typmods[0])) + ",0)";
    return "numeric" + mods;
  }
  if (name == "timestamp") return "timestamp" + mods + " without time zone";
  if (name == "timestamptz") return "timestamp" + mods + " with time zone";
  if (name == "time") return "time" + mods + " without time zone";
  if (name == "timetz") return "time" + mods + " with time zone";
  if (name == "varbit") return "bit varying" + mods;
  if (name == "char") return "\"char\"";
  if (name == "interval") {
    // Interval typmods are (fields mask[, precision]); only the precision is spelled here.
    if (type->n_typmods == 2) return "interval(" + std::to_string(IntConst(type->typmods[1])) + ")";
    return "interval";
  }
  // pg_catalog names (bit, text, ...) are printed bare even when they are keywords.
  return (catalog ? name : QuoteIdent(name)) + mods;
}

bool IsNumericLiteral(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  std::strtod(s.c_str(), &end);
  return end != nullptr && *end == '\0' && errno == 0 &&
         s.find_first_of("xXnN ") == std::string::npos;
}

// Turns a numeric string constant into the integer/float constant the grammar would produce.
void MakeNumericConst(PgQuery__AConst* c, const std::string& text, Arena& arena) {
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (*end == '\0' && errno == 0 && v >= INT32_MIN && v <= INT32_MAX) {
    c->ival = arena.New(pg_query__integer__init);
    c->ival->ival = static_cast<int32_t>(v);
    c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
  } else {
    c->fval = arena.New(pg_query__float__init);
    c->fval->fval = arena.Strdup(text);
    c->val_case = PG_QUERY__A__CONST__VAL_FVAL;
  }
}

Node* WrapNode(Arena& arena, PgQuery__Node__NodeCase kind, void* msg) {
  Node* node = arena.New(pg_query__node__init);
  node->node_case = kind;
  node->a_expr = static_cast<PgQuery__AExpr*>(msg);  // every union member is a pointer
  return node;
}

Node* MakeOp(Arena& arena, const char* op, Node* left, Node* right) {
  auto* e = arena.New(pg_query__a__expr__init);
  e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
  auto* name = arena.New(pg_query__string__init);
  name->sval = arena.Strdup(op);
  e->name = static_cast<Node**>(arena.Alloc(sizeof(Node*)));
  e->name[0] = WrapNode(arena, PG_QUERY__NODE__NODE_STRING, name);
  e->n_name = 1;
  e->lexpr = left;
  e->rexpr = right;
  e->location = -1;
  return WrapNode(arena, PG_QUERY__NODE__NODE_A_EXPR, e);
}

// x IN (a, b) is stored as x = ANY (ARRAY[a, b]); NOT IN as <> ALL.
void RewriteIn(PgQuery__AExpr* e, Arena& arena) {
  if (e->rexpr == nullptr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST) return;
  // A one-element list is stored as a plain comparison: x IN ('a') is x = 'a'.
  if (e->rexpr->list->n_items == 1) {
    e->rexpr = e->rexpr->list->items[0];
    e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    return;
  }
  auto* array = arena.New(pg_query__a__array_expr__init);
  array->n_elements = e->rexpr->list->n_items;
  array->elements = e->rexpr->list->items;
  array->location = -1;
  e->rexpr = WrapNode(arena, PG_QUERY__NODE__NODE_A_ARRAY_EXPR, array);
  bool negated = e->n_name > 0 && StrVal(e->name[0]) == "<>";
  e->kind = negated ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY;
}

// x BETWEEN a AND b is stored as x >= a AND x <= b; NOT BETWEEN as x < a OR x > b.
void RewriteBetween(Node* node, Arena& arena) {
  PgQuery__AExpr* e = node->a_expr;
  if (e->rexpr == nullptr || e->rexpr->node_case != PG_QUERY__NODE__NODE_LIST ||
      e->rexpr->list->n_items != 2)
    return;
  bool negated = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
  Node* lo = e->rexpr->list->items[0];
  Node* hi = e->rexpr->list->items[1];
  auto* b = arena.New(pg_query__bool_expr__init);
  b->boolop = negated ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
  b->args = static_cast<Node**>(arena.Alloc(2 * sizeof(Node*)));
  b->args[0] = MakeOp(arena, negated ? "<" : ">=", e->lexpr, lo);
  b->args[1] = MakeOp(arena, negated ? ">" : "<=", e->lexpr, hi);
  b->n_args = 2;
  b->location = -1;
  *node = *WrapNode(arena, PG_QUERY__NODE__NODE_BOOL_EXPR, b);
}

bool IsStringArrayType(const std::string& t) {
  return t == "text" || t == "character varying" || t == "text[]" || t == "character varying[]";
}

// Built-in functions that return text: a ::text cast of their result is a no-op the server
// drops from the stored expression (current_setting('x')::text prints as current_setting('x')).
bool ReturnsText(const Node* node) {
  static const std::set<std::string> kTextFunctions = {
      "btrim",   "concat", "concat_ws", "current_setting", "format",        "initcap",   "left",
      "lower",   "ltrim",  "md5",       "quote_ident",     "quote_literal", "repeat",    "replace",
      "reverse", "right",  "rtrim",     "substr",          "to_char",       "translate", "upper"};
  if (node->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return false;
  const PgQuery__FuncCall* f = node->func_call;
  return f->n_funcname == 1 && kTextFunctions.count(StrVal(f->funcname[0])) > 0;
}

void RewriteCast(Node* node, Arena& arena) {
  PgQuery__TypeCast* tc = node->type_cast;
  Node* arg = tc->arg;
  if (arg == nullptr || tc->type_name == nullptr) return;
  std::string type = TypeNameToString(tc->type_name);
  bool numeric = kNumericTypes.count(type) > 0;
  if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
    PgQuery__AConst* c = arg->a_const;
    if (c->isnull) {
      *node = *arg;
      return;
    }
    if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
      std::string s = c->sval->sval != nullptr ? c->sval->sval : "";
      const std::string prefix = model::QuoteIdent(model::DefaultSchema()) + ".";
      if (type == "regclass" && s.starts_with(prefix)) c->sval->sval += prefix.size();
      if (numeric && IsNumericLiteral(s)) MakeNumericConst(c, s, arena);
      *node = *arg;
      return;
    }
    if ((c->val_case == PG_QUERY__A__CONST__VAL_IVAL ||
         c->val_case == PG_QUERY__A__CONST__VAL_FVAL) &&
        numeric) {
      *node = *arg;
      return;
    }
    if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL && type == "boolean") {
      *node = *arg;
      return;
    }
  }
  // varchar -> text coercions the server spells out around columns and constant arrays.
  if (IsStringArrayType(type) && (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ||
                                  (arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
                                   arg->a_array_expr->n_elements > 0))) {
    *node = *arg;
    return;
  }
  if (type == "text" && ReturnsText(arg)) {
    *node = *arg;
    return;
  }
  // A cast that stays: respell its type the way the server's deparse would.
  ParsedSql canon = ParseSql("SELECT NULL::" + type, &arena);
  if (canon.tree != nullptr && canon.tree->n_stmts == 1) {
    Node* val = canon.tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
    if (val->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) tc->type_name = val->type_cast->type_name;
  }
}

void Rewrite(Node* node, Arena& arena) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      RewriteCast(node, arena);
      break;
    case PG_QUERY__NODE__NODE_A_EXPR:
      if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN) {
        RewriteIn(node->a_expr, arena);
      } else if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN ||
                 node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN) {
        RewriteBetween(node, arena);
      }
      break;
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      PgQuery__FuncCall* f = node->func_call;
      if (f->n_funcname == 2) {
        std::string schema = StrVal(f->funcname[0]);
        if (schema == "pg_catalog" || schema == model::DefaultSchema()) {
          ++f->funcname;
          f->n_funcname = 1;
        }
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string TypeNameToString(const PgQuery__TypeName* type) {
  std::vector<std::string> names = NameList(type->names, type->n_names);
  std::string out;
  bool array = type->n_array_bounds > 0;
  // The internal array spelling _int4 of common builtin types means int4[].
  if (!names.empty() && names.back().size() > 1 && names.back()[0] == '_' &&
      kArrayElementTypes.count(names.back().substr(1)) > 0) {
    names.back() = names.back().substr(1);
    array = true;
  }
  if (names.size() == 2 && (names[0] == "pg_catalog" || names[0] == model::DefaultSchema())) {
    out = BuiltinSpelling(names[1], type, names[0] == "pg_catalog");
  } else if (names.size() == 1) {
    out = BuiltinSpelling(names[0], type, false);
  } else {
    for (size_t i = 0; i < names.size(); ++i) out += (i > 0 ? "." : "") + QuoteIdent(names[i]);
    out += Typmods(type);
  }
  if (array) out += "[]";
  return out;
}

std::string CanonicalNode(Node* expr, Arena& arena) {
  VisitNodes(&expr->base, [&arena](Node* n) { Rewrite(n, arena); });
  return DeparseExpr(expr);
}

std::optional<std::string> CanonicalExpr(const std::string& expr) {
  Arena arena;
  ParsedSql parsed = ParseSql("SELECT " + expr, &arena);
  if (parsed.tree == nullptr || parsed.tree->n_stmts != 1) return std::nullopt;
  Node* stmt = parsed.tree->stmts[0]->stmt;
  if (stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return std::nullopt;
  PgQuery__SelectStmt* select = stmt->select_stmt;
  if (select->n_target_list != 1 || select->n_from_clause != 0 || select->where_clause != nullptr ||
      select->n_group_clause != 0 || select->n_sort_clause != 0 || select->limit_count != nullptr ||
      select->n_values_lists != 0 || select->larg != nullptr)
    return std::nullopt;
  PgQuery__ResTarget* target = select->target_list[0]->res_target;
  if (target->name != nullptr && target->name[0] != '\0') return std::nullopt;
  std::string out = CanonicalNode(target->val, arena);
  if (out.empty()) return std::nullopt;
  return out;
}

Exclusion ExclusionOf(PgQuery__Constraint* con, Arena& arena) {
  Exclusion out;
  std::string method =
      con->access_method != nullptr && con->access_method[0] != '\0' ? con->access_method : "btree";
  std::string elems;
  for (size_t i = 0; i < con->n_exclusions; ++i) {
    // Each exclusion is a two-item list: the index element and the operator's name list.
    const Node* pair = con->exclusions[i];
    if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2) continue;
    Node* en = pair->list->items[0];
    const Node* op = pair->list->items[1];
    if (en->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
    PgQuery__IndexElem* elem = en->index_elem;
    std::string text;
    if (elem->expr != nullptr) {
      std::string name = "expr";
      if (elem->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
        auto fn = NameList(elem->expr->func_call->funcname, elem->expr->func_call->n_funcname);
        if (!fn.empty()) name = fn.back();
      }
      out.names.push_back(name);
      text = "(" + CanonicalNode(elem->expr, arena) + ")";
    } else {
      out.names.push_back(elem->name != nullptr ? elem->name : "");
      text = model::QuoteIdent(out.names.back());
    }
    if (std::string c = CatalogName(NameList(elem->collation, elem->n_collation)); !c.empty())
      text += " COLLATE " + c;
    if (std::string o = CatalogName(NameList(elem->opclass, elem->n_opclass)); !o.empty())
      text += " " + o;
    bool desc = elem->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (desc) text += " DESC";
    if (elem->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !desc)
      text += " NULLS FIRST";
    if (elem->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && desc)
      text += " NULLS LAST";
    std::vector<std::string> op_names = op->node_case == PG_QUERY__NODE__NODE_LIST
                                            ? NameList(op->list->items, op->list->n_items)
                                            : std::vector<std::string>{};
    if (op_names.size() == 2 &&
        (op_names[0] == "pg_catalog" || op_names[0] == model::DefaultSchema()))
      op_names.erase(op_names.begin());
    std::string op_text = op_names.empty() ? "" : op_names.back();
    if (op_names.size() == 2)
      op_text = "OPERATOR(" + model::QuoteIdent(op_names[0]) + "." + op_text + ")";
    elems += (elems.empty() ? "" : ", ") + text + " WITH " + op_text;
  }
  out.definition = "USING " + method + " (" + elems + ")";
  if (con->n_including > 0) {
    std::string inc;
    for (size_t i = 0; i < con->n_including; ++i)
      inc += (i > 0 ? ", " : "") + model::QuoteIdent(StrVal(con->including[i]));
    out.definition += " INCLUDE (" + inc + ")";
  }
  if (con->where_clause != nullptr)
    out.definition += " WHERE (" + CanonicalNode(con->where_clause, arena) + ")";
  return out;
}

std::optional<std::pair<std::string, std::vector<std::string>>> CanonicalExclusion(
    const std::string& constraint_def) {
  Arena arena;
  ParsedSql parsed = ParseSql("ALTER TABLE keel_x ADD " + constraint_def, &arena);
  if (parsed.tree == nullptr || parsed.tree->n_stmts != 1) return std::nullopt;
  Node* stmt = parsed.tree->stmts[0]->stmt;
  if (stmt->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) return std::nullopt;
  auto* alter = stmt->alter_table_stmt;
  if (alter->n_cmds != 1) return std::nullopt;
  const Node* def = alter->cmds[0]->alter_table_cmd->def;
  if (def == nullptr || def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) return std::nullopt;
  Exclusion e = ExclusionOf(def->constraint, arena);
  return std::pair(e.definition, e.names);
}

model::Expr ServerExpr(const std::string& sql) {
  if (sql.empty()) return {};
  return model::Expr(sql, CanonicalExpr(sql).value_or(sql));
}

std::string CanonicalType(const std::string& type) {
  Arena arena;
  ParsedSql parsed = ParseSql("SELECT NULL::" + type, &arena);
  if (parsed.tree == nullptr || parsed.tree->n_stmts != 1) return type;
  Node* stmt = parsed.tree->stmts[0]->stmt;
  if (stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT || stmt->select_stmt->n_target_list != 1)
    return type;
  Node* val = stmt->select_stmt->target_list[0]->res_target->val;
  if (val->node_case != PG_QUERY__NODE__NODE_TYPE_CAST) return type;
  return TypeNameToString(val->type_cast->type_name);
}

}  // namespace keel::parser::postgres
