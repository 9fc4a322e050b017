// CREATE [OR REPLACE] [MATERIALIZED] VIEW, and the view-body analysis shared with introspection.
#include <algorithm>
#include <set>

#include "model/default_schema.h"
#include "parser/postgres/transform.h"
#include "parser/postgres/view.h"

namespace keel::parser::postgres {
namespace {

// The leftmost SELECT of a set operation names the output columns.
PgQuery__SelectStmt* OutputSelect(PgQuery__SelectStmt* s) {
  while (s->larg != nullptr) s = s->larg;
  return s;
}

// The name the server gives an unnamed output column (FigureColname, for the common cases).
std::string ImplicitName(const Node* val) {
  if (val == nullptr) return "?column?";
  switch (val->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
      const PgQuery__ColumnRef* c = val->column_ref;
      if (c->n_fields == 0) return "?column?";
      return StrVal(c->fields[c->n_fields - 1]);
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall* f = val->func_call;
      return f->n_funcname > 0 ? StrVal(f->funcname[f->n_funcname - 1]) : "?column?";
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      const PgQuery__TypeCast* tc = val->type_cast;
      if (tc->arg != nullptr && tc->arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return ImplicitName(tc->arg);
      if (tc->type_name != nullptr && tc->type_name->n_names > 0)
        return StrVal(tc->type_name->names[tc->type_name->n_names - 1]);
      return "?column?";
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return "case";
    default:
      return "?column?";
  }
}

// Key-only rewrites: the server qualifies every column (t.col) and names every output column
// (count(*) AS count); the file usually does neither.
void StripForKey(Node* node) {
  if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
    PgQuery__ColumnRef* c = node->column_ref;
    if (c->n_fields > 1 && c->fields[c->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
      c->fields += c->n_fields - 1;
      c->n_fields = 1;
    }
  } else if (node->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
    PgQuery__ResTarget* r = node->res_target;
    if (r->val != nullptr && r->name != nullptr && r->name[0] != '\0' &&
        ImplicitName(r->val) == r->name)
      r->name = nullptr;
  } else if (node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
    PgQuery__RangeVar* rv = node->range_var;
    if (rv->schemaname != nullptr && rv->schemaname == model::DefaultSchema())
      rv->schemaname = nullptr;
  }
}

void AddUnique(std::vector<model::QualifiedName>& to, const model::QualifiedName& qn) {
  if (std::find(to.begin(), to.end(), qn) == to.end()) to.push_back(qn);
}

}  // namespace

bool AnalyzeViewBody(const std::string& select_sql, const std::vector<std::string>& column_names,
                     model::View& view) {
  Arena arena;
  ParsedSql parsed = ParseSql(select_sql, &arena);
  if (parsed.tree == nullptr || parsed.tree->n_stmts != 1) return false;
  Node* stmt = parsed.tree->stmts[0]->stmt;
  if (stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return false;

  PgQuery__SelectStmt* out = OutputSelect(stmt->select_stmt);
  view.columns.clear();
  for (size_t i = 0; i < out->n_target_list; ++i) {
    PgQuery__ResTarget* r = out->target_list[i]->res_target;
    if (i < column_names.size()) r->name = arena.Strdup(column_names[i]);
    view.columns.push_back(r->name != nullptr && r->name[0] != '\0' ? r->name
                                                                    : ImplicitName(r->val));
  }
  // VALUES lists name their columns column1, column2…
  if (out->n_values_lists > 0 && out->values_lists[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
    for (size_t i = 0; i < out->values_lists[0]->list->n_items; ++i)
      view.columns.push_back(i < column_names.size() ? column_names[i]
                                                     : "column" + std::to_string(i + 1));
  }

  std::set<std::string> ctes;
  view.relations.clear();
  view.functions.clear();
  view.column_refs.clear();
  std::set<std::string> refs;
  VisitNodes(&stmt->base, [&](Node* n) {
    if (n->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR && n->common_table_expr->ctename)
      ctes.insert(n->common_table_expr->ctename);
  });
  VisitNodes(&stmt->base, [&](Node* n) {
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_RANGE_VAR: {
        const PgQuery__RangeVar* rv = n->range_var;
        bool qualified = rv->schemaname != nullptr && rv->schemaname[0] != '\0';
        if (!qualified && rv->relname != nullptr && ctes.count(rv->relname)) break;
        AddUnique(view.relations, RangeVarName(rv));
        break;
      }
      case PG_QUERY__NODE__NODE_FUNC_CALL: {
        auto names = NameList(n->func_call->funcname, n->func_call->n_funcname);
        if (names.empty() || (names.size() == 2 && names[0] == "pg_catalog")) break;
        AddUnique(view.functions, QualifiedFromList(names));
        break;
      }
      case PG_QUERY__NODE__NODE_COLUMN_REF: {
        const PgQuery__ColumnRef* c = n->column_ref;
        if (c->n_fields == 0) break;
        const Node* last = c->fields[c->n_fields - 1];
        refs.insert(last->node_case == PG_QUERY__NODE__NODE_A_STAR ? "*" : StrVal(last));
        break;
      }
      default:
        break;
    }
  });
  view.column_refs.assign(refs.begin(), refs.end());

  std::string sql = DeparseStmt(stmt);
  if (sql.empty()) return false;
  CanonicalNode(stmt, arena);  // rewrites the tree in place; its text is of no use here
  VisitNodes(&stmt->base, StripForKey);
  std::string key = DeparseStmt(stmt);
  view.query = model::Expr(sql, key.empty() ? sql : key);
  return true;
}

void TransformCreateView(Ctx& ctx, PgQuery__ViewStmt* stmt) {
  model::View view;
  view.name = RangeVarName(stmt->view);
  view.loc = ctx.Loc(stmt->view->location);
  if (stmt->view->relpersistence != nullptr && std::string(stmt->view->relpersistence) == "t")
    return ctx.Error(stmt->view->location, "unsupported: temporary views are not schema");
  std::vector<std::string> names = NameList(stmt->aliases, stmt->n_aliases);
  if (stmt->query == nullptr || !AnalyzeViewBody(DeparseStmt(stmt->query), names, view))
    return ctx.Error(-1, "cannot read the body of view " + view.name.Display());
  if (stmt->query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
      stmt->query->select_stmt->n_values_lists == 0 && names.size() > view.columns.size())
    return ctx.Error(-1, "CREATE VIEW specifies more column names than columns");
  for (size_t i = 0; i < stmt->n_options; ++i) {
    if (stmt->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* d = stmt->options[i]->def_elem;
    std::string value = "true";
    if (d->arg != nullptr) {
      value =
          d->arg->node_case == PG_QUERY__NODE__NODE_STRING ? StrVal(d->arg) : DeparseExpr(d->arg);
      std::transform(value.begin(), value.end(), value.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (value == "on" || value == "1" || value == "yes") value = "true";
      if (value == "off" || value == "0" || value == "no") value = "false";
    }
    view.options[d->defname] = value;
  }
  if (stmt->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION)
    view.options["check_option"] = "local";
  if (stmt->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
    view.options["check_option"] = "cascaded";
  auto& views = ctx.catalog().views;
  if (views.count(view.name) && !stmt->replace)
    return ctx.Error(stmt->view->location, "relation " + view.name.Display() + " already exists");
  views[view.name] = std::move(view);
}

void TransformCreateMatview(Ctx& ctx, PgQuery__CreateTableAsStmt* stmt) {
  model::View view;
  view.materialized = true;
  const PgQuery__IntoClause* into = stmt->into;
  if (into == nullptr || into->rel == nullptr)
    return ctx.Error(-1, "cannot read CREATE MATERIALIZED VIEW");
  view.name = RangeVarName(into->rel);
  view.loc = ctx.Loc(into->rel->location);
  if (into->n_options > 0 || (into->table_space_name != nullptr && into->table_space_name[0]) ||
      (into->access_method != nullptr && into->access_method[0]))
    return ctx.Error(-1, "unsupported materialized view option: WITH (...) / USING / TABLESPACE");
  std::vector<std::string> names = NameList(into->col_names, into->n_col_names);
  if (stmt->query == nullptr || !AnalyzeViewBody(DeparseStmt(stmt->query), names, view))
    return ctx.Error(-1, "cannot read the body of materialized view " + view.name.Display());
  auto& views = ctx.catalog().views;
  if (views.count(view.name) && !stmt->if_not_exists)
    return ctx.Error(into->rel->location, "relation " + view.name.Display() + " already exists");
  views[view.name] = std::move(view);
}

}  // namespace keel::parser::postgres
