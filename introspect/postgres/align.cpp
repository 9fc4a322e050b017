#include "introspect/postgres/align.h"

#include <pqxx/pqxx>

#include "introspect/postgres/introspect.h"
#include "parser/postgres/expr.h"
#include "parser/postgres/view.h"

namespace keel::introspect::postgres {
namespace {

struct Candidates {
  std::vector<std::pair<model::Column*, const model::Column*>> defaults;
  std::vector<std::pair<model::Constraint*, const model::Constraint*>> checks;
  std::vector<std::pair<model::Index*, const model::Index*>> indexes;
  std::vector<std::pair<model::Column*, const model::Column*>> generated;
  bool empty() const {
    return defaults.empty() && checks.empty() && indexes.empty() && generated.empty();
  }
};

// Same index but for how its key expressions or predicate are spelled, or for an operator
// class the file names that may be the type's default (the server then does not print it).
bool OnlyExpressionsDiffer(const model::Index& a, const model::Index& b) {
  if (a.table != b.table || a.unique != b.unique || a.method != b.method ||
      a.keys.size() != b.keys.size() || a.include != b.include || a.options != b.options)
    return false;
  bool differs = !(a.where == b.where);
  for (size_t i = 0; i < a.keys.size(); ++i) {
    const auto& x = a.keys[i];
    const auto& y = b.keys[i];
    bool opclass_differs = x.opclass != y.opclass;
    if (opclass_differs && !y.opclass.empty()) return false;
    differs = differs || opclass_differs;
    if (x.is_expression != y.is_expression || x.collation != y.collation || x.desc != y.desc ||
        x.nulls_first != y.nulls_first)
      return false;
    differs = differs || !(x.expr == y.expr);
  }
  return differs;
}

Candidates Find(model::Table& file, const model::Table& live) {
  Candidates c;
  for (auto& col : file.columns) {
    const model::Column* other = live.FindColumn(col.name);
    if (other != nullptr && other->type == col.type && !col.generated.empty() &&
        !other->generated.empty() && !(col.generated == other->generated))
      c.generated.push_back({&col, other});
    if (other == nullptr || other->type != col.type || col.default_expr.empty() ||
        other->default_expr.empty() || col.default_expr == other->default_expr)
      continue;
    c.defaults.push_back({&col, other});
  }
  for (auto& con : file.constraints) {
    const model::Constraint* other = live.FindConstraint(con.name);
    if (con.kind != model::ConstraintKind::kCheck || other == nullptr ||
        other->kind != model::ConstraintKind::kCheck || con.check_expr == other->check_expr)
      continue;
    c.checks.push_back({&con, other});
  }
  return c;
}

// Runs `sql` in a savepoint; false (and rolled back to it) when the server rejects it.
bool TryExec(pqxx::dbtransaction& txn, const std::string& sql) {
  try {
    pqxx::subtransaction sub(txn, "keel_align");
    sub.exec(sql);
    sub.commit();
    return true;
  } catch (const pqxx::sql_error&) {
    return false;
  }
}

int AlignTable(pqxx::dbtransaction& txn, model::Table& file, Candidates& c) {
  std::string columns;
  for (const auto& col : file.columns)
    columns += (columns.empty() ? "" : ", ") + model::QuoteIdent(col.name) + " " + col.type;
  if (!TryExec(txn, "CREATE TEMP TABLE keel_align (" + columns + ") ON COMMIT DROP")) return 0;
  for (auto& [col, live] : c.defaults)
    TryExec(txn, "ALTER TABLE keel_align ALTER COLUMN " + model::QuoteIdent(col->name) +
                     " SET DEFAULT " + col->default_expr.sql);
  for (auto& [con, live] : c.checks)
    TryExec(txn, "ALTER TABLE keel_align ADD CONSTRAINT " + model::QuoteIdent(con->name) +
                     " CHECK (" + con->check_expr.sql + ") NOT VALID");
  // Generated expressions go on columns of their own: the file's are plain here.
  for (size_t i = 0; i < c.generated.size(); ++i) {
    const model::Column* col = c.generated[i].first;
    TryExec(txn, "ALTER TABLE keel_align ADD COLUMN keel_g" + std::to_string(i) + " " + col->type +
                     " GENERATED ALWAYS AS (" + col->generated.sql + ") STORED");
  }
  int aligned = 0;
  for (auto& [index, live] : c.indexes) {
    std::string keys;
    for (const auto& k : index->keys)
      keys += (keys.empty() ? "" : ", ") + k.expr.sql + (k.opclass.empty() ? "" : " " + k.opclass);
    std::string sql =
        "CREATE INDEX keel_align_i ON keel_align USING " + index->method + " (" + keys + ")";
    if (!index->where.empty()) sql += " WHERE " + index->where.sql;
    if (!TryExec(txn, sql)) continue;
    pqxx::result rows = txn.exec(
        "SELECT k, pg_catalog.pg_get_indexdef(i.indexrelid, k, true), "
        "pg_catalog.pg_get_expr(i.indpred, i.indrelid), opc.opcdefault "
        "FROM pg_catalog.pg_index i CROSS JOIN pg_catalog.generate_series(1, "
        "i.indnatts::integer) k JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k - 1] "
        "WHERE i.indexrelid = 'keel_align_i'::regclass ORDER BY k");
    model::Index server = *index;
    for (const auto& row : rows) {
      auto& key = server.keys[row[0].as<size_t>() - 1];
      if (row[3].as<bool>()) key.opclass.clear();
      if (!key.is_expression) continue;
      model::Expr e = parser::postgres::ServerExpr(row[1].as<std::string>());
      key.expr = model::Expr("(" + e.sql + ")", "(" + e.key + ")");
    }
    if (!rows.empty() && !rows[0][2].is_null())
      server.where = parser::postgres::ServerExpr(rows[0][2].as<std::string>());
    bool same = server.where == live->where;
    for (size_t i = 0; i < server.keys.size(); ++i)
      same = same && server.keys[i].expr == live->keys[i].expr &&
             server.keys[i].opclass == live->keys[i].opclass;
    if (same) {
      index->keys = live->keys;
      index->where = live->where;
      ++aligned;
    }
    txn.exec("DROP INDEX keel_align_i");
  }
  for (const auto& row :
       txn.exec("SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM "
                "pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid "
                "AND a.attnum = d.adnum WHERE d.adrelid = 'keel_align'::regclass")) {
    model::Expr server = parser::postgres::ServerExpr(row[1].as<std::string>());
    for (size_t i = 0; i < c.generated.size(); ++i) {
      auto& [col, live] = c.generated[i];
      if (row[0].as<std::string>() == "keel_g" + std::to_string(i) && server == live->generated) {
        col->generated = live->generated;
        ++aligned;
      }
    }
    for (auto& [col, live] : c.defaults)
      if (col->name == row[0].as<std::string>() && server == live->default_expr) {
        col->default_expr = live->default_expr;
        ++aligned;
      }
  }
  for (const auto& row : txn.exec(
           "SELECT conname, pg_catalog.pg_get_expr(conbin, conrelid) FROM "
           "pg_catalog.pg_constraint WHERE conrelid = 'keel_align'::regclass AND contype = 'c'")) {
    model::Expr server = parser::postgres::ServerExpr(row[1].as<std::string>());
    for (auto& [con, live] : c.checks)
      if (con->name == row[0].as<std::string>() && server == live->check_expr) {
        con->check_expr = live->check_expr;
        ++aligned;
      }
  }
  txn.exec("DROP TABLE keel_align");
  return aligned;
}

}  // namespace

int AlignWithServer(pqxx::connection& conn, model::Catalog& files, const model::Catalog& live) {
  int aligned = ResolveSessionRoles(conn, files);
  std::unique_ptr<pqxx::work> txn;
  auto begin = [&]() -> pqxx::work& {
    if (!txn) {
      txn = std::make_unique<pqxx::work>(conn, "keel_align");
      // Types and regclass literals print relative to the default schema, as introspection
      // reads them.
      txn->exec(SetLocalSearchPath());
    }
    return *txn;
  };
  std::map<model::QualifiedName, std::vector<std::pair<model::Index*, const model::Index*>>>
      indexes;
  for (auto& [name, index] : files.indexes) {
    auto other = live.indexes.find(name);
    if (other != live.indexes.end() && OnlyExpressionsDiffer(index, other->second))
      indexes[index.table].push_back({&index, &other->second});
  }
  for (auto& [name, table] : files.tables) {
    auto other = live.tables.find(name);
    if (other == live.tables.end()) continue;
    Candidates c = Find(table, other->second);
    if (auto it = indexes.find(name); it != indexes.end()) c.indexes = it->second;
    if (c.empty()) continue;
    aligned += AlignTable(begin(), table, c);
  }
  // Views: the server expands * and rewrites the query; a temporary view shows how.
  for (auto& [name, view] : files.views) {
    auto other = live.views.find(name);
    if (other == live.views.end() || other->second.materialized != view.materialized ||
        view.query == other->second.query)
      continue;
    pqxx::work& t = begin();
    if (!TryExec(t, "CREATE TEMP VIEW keel_align_v AS " + view.query.sql)) continue;
    pqxx::result def = t.exec("SELECT pg_catalog.pg_get_viewdef('keel_align_v'::regclass, true)");
    model::View server;
    if (parser::postgres::AnalyzeViewBody(def[0][0].as<std::string>(), {}, server) &&
        server.query == other->second.query) {
      view.query = other->second.query;
      view.columns = other->second.columns;
      view.relations = other->second.relations;
      view.functions = other->second.functions;
      view.column_refs = other->second.column_refs;
      ++aligned;
    }
    t.exec("DROP VIEW keel_align_v");
  }
  if (txn) txn->abort();
  return aligned;
}

}  // namespace keel::introspect::postgres
