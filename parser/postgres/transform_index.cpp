// CREATE INDEX.
#include "parser/postgres/transform.h"

namespace keel::parser::postgres {

void TransformCreateIndex(Ctx& ctx, PgQuery__IndexStmt* stmt) {
  model::Index index;
  index.table = RangeVarName(stmt->relation);
  index.name = {index.table.schema, stmt->idxname != nullptr ? stmt->idxname : ""};
  index.unique = stmt->unique;
  index.nulls_not_distinct = stmt->nulls_not_distinct;
  if (stmt->access_method != nullptr && stmt->access_method[0] != '\0')
    index.method = stmt->access_method;
  index.loc = ctx.Loc(-1);
  index.renamed_from = ctx.RenameHint(-1);
  if (stmt->table_space != nullptr && stmt->table_space[0] != '\0') {
    ctx.Error(-1, "unsupported index option: TABLESPACE");
    return;
  }
  // Parsed like a table's storage parameters; kept as name -> value, as reloptions hold them.
  for (const auto& kv : StorageOptions(ctx, stmt->options, stmt->n_options, false)) {
    auto eq = kv.find('=');
    index.options[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (size_t i = 0; i < stmt->n_index_params; ++i) {
    if (stmt->index_params[i]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
    PgQuery__IndexElem* elem = stmt->index_params[i]->index_elem;
    model::IndexKey key;
    if (elem->expr != nullptr) {
      model::Expr e = ctx.Expr(elem->expr);
      key.expr = model::Expr("(" + e.sql + ")", "(" + e.key + ")");
      key.is_expression = true;
    } else {
      key.expr = model::QuoteIdent(elem->name != nullptr ? elem->name : "");
    }
    key.collation = CatalogName(NameList(elem->collation, elem->n_collation));
    key.opclass = CatalogName(NameList(elem->opclass, elem->n_opclass));
    if (elem->n_opclassopts > 0) {
      ctx.Error(-1, "unsupported index option: operator class parameters");
      return;
    }
    key.desc = elem->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    // DESC defaults to NULLS FIRST, ASC to NULLS LAST: keep only a departure from that.
    if (elem->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !key.desc)
      key.nulls_first = true;
    if (elem->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key.desc)
      key.nulls_first = false;
    index.keys.push_back(std::move(key));
  }
  for (size_t i = 0; i < stmt->n_index_including_params; ++i) {
    Node* node = stmt->index_including_params[i];
    if (node->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && node->index_elem->name != nullptr)
      index.include.push_back(node->index_elem->name);
  }
  if (stmt->where_clause != nullptr) index.where = ctx.Expr(stmt->where_clause);

  model::QualifiedName key = index.name;
  if (key.name.empty()) {
    // Unnamed indexes get their server-style name in model::Normalize(); until then they sit
    // under a placeholder key that no real identifier can take (a leading NUL byte).
    key.name = std::string(1, '\0') + std::to_string(ctx.catalog().indexes.size());
  } else if (auto it = ctx.catalog().indexes.find(key); it != ctx.catalog().indexes.end()) {
    if (!stmt->if_not_exists)
      ctx.Error(-1,
                "index " + key.Display() + " is already defined at " + it->second.loc.ToString());
    return;
  }
  ctx.catalog().indexes.emplace(key, std::move(index));
}

}  // namespace keel::parser::postgres
