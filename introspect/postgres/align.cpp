#include "introspect/postgres/align.h"

#include <pqxx/pqxx>

#include "parser/postgres/expr.h"

namespace keel::introspect::postgres {
namespace {

struct Candidates {
  std::vector<std::pair<model::Column*, const model::Column*>> defaults;
  std::vector<std::pair<model::Constraint*, const model::Constraint*>> checks;
  bool empty() const { return defaults.empty() && checks.empty(); }
};

Candidates Find(model::Table& file, const model::Table& live) {
  Candidates c;
  for (auto& col : file.columns) {
    const model::Column* other = live.FindColumn(col.name);
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
  int aligned = 0;
  for (const auto& row :
       txn.exec("SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM "
                "pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid "
                "AND a.attnum = d.adnum WHERE d.adrelid = 'keel_align'::regclass")) {
    model::Expr server = parser::postgres::ServerExpr(row[1].as<std::string>());
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
  int aligned = 0;
  std::unique_ptr<pqxx::work> txn;
  for (auto& [name, table] : files.tables) {
    auto other = live.tables.find(name);
    if (other == live.tables.end()) continue;
    Candidates c = Find(table, other->second);
    if (c.empty()) continue;
    if (!txn) {
      txn = std::make_unique<pqxx::work>(conn, "keel_align");
      // Types and regclass literals print relative to public, as introspection reads them.
      txn->exec("SET LOCAL search_path = public");
    }
    aligned += AlignTable(*txn, table, c);
  }
  if (txn) txn->abort();
  return aligned;
}

}  // namespace keel::introspect::postgres
