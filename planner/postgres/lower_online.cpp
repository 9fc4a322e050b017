#include "planner/postgres/lower_online.h"

#include <fmt/format.h>

#include <set>

#include "diff/change_routines.h"
#include "model/normalize.h"
#include "planner/postgres/lower_partition.h"
#include "planner/postgres/lower_routines.h"
#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::ColumnId;
using diff::ConstraintId;
using diff::IndexId;
using model::ConstraintKind;
using model::QualifiedName;

}  // namespace

Step ConcurrentBuild(std::string object, std::string description, int rank, std::string create,
                     const QualifiedName& index, const QualifiedName& table) {
  Step build =
      MakeStep(std::move(object), std::move(description), rank, LockLevel::kShareUpdateExclusive);
  build.sql = {std::move(create)};
  build.rollback_sql = {"DROP INDEX CONCURRENTLY IF EXISTS " + index.Sql()};
  build.before_retry = build.rollback_sql;
  build.transactional = false;
  build.statement_timeout_ms = 0;
  build.lock_table = table.Display();
  build.hazards = {{HazardCode::kIndexBuild, "on " + table.Display()}};
  return build;
}

bool OnlineTable(const QualifiedName& table, const LowerContext& ctx) {
  const model::Table* t = FindTable(ctx.from, table);
  return t && !ctx.new_tables.count(table) && t->partition_by.empty() &&
         !IsPartitioned(ctx.to, table);
}

void Chain(std::vector<Step>& steps, const std::string& object) {
  for (size_t i = 1; i < steps.size(); ++i) {
    std::string token = "online:" + object + "#" + std::to_string(i);
    steps[i - 1].provides.push_back(token);
    steps[i].needs.push_back(token);
  }
}

std::vector<Step> SetNotNullOnline(const QualifiedName& table, const std::string& column) {
  const std::string object = ColumnId(table, column);
  const std::string check = model::QuoteIdent(model::MakeObjectName(column, "", "keel_not_null"));
  const std::string col = model::QuoteIdent(column);
  const std::string where = table.Display() + "." + column;

  Step add = MakeStep(object, "add check " + where + " IS NOT NULL (not valid)", kRankAlterColumn);
  add.sql = {AlterTable(table) + "ADD CONSTRAINT " + check + " CHECK (" + col +
             " IS NOT NULL) NOT VALID"};
  add.rollback_sql = {AlterTable(table) + "DROP CONSTRAINT IF EXISTS " + check};
  add.lock_table = table.Display();
  add.needs = {object};

  Step validate = MakeStep(object, "validate check " + where + " IS NOT NULL", kRankAlterColumn,
                           LockLevel::kShareUpdateExclusive);
  validate.sql = {AlterTable(table) + "VALIDATE CONSTRAINT " + check};
  validate.own_transaction = true;
  validate.statement_timeout_ms = 0;
  validate.lock_table = table.Display();
  validate.hazards = {{HazardCode::kValidatesData,
                       "scans " + table.Display() + " for NULLs without blocking writes"}};

  Step set = MakeStep(object, "set not null on " + where, kRankAlterColumn);
  set.sql = {AlterTable(table) + "ALTER COLUMN " + col + " SET NOT NULL",
             AlterTable(table) + "DROP CONSTRAINT " + check};
  set.rollback_sql = {AlterTable(table) + "ALTER COLUMN " + col + " DROP NOT NULL"};
  set.lock_table = table.Display();
  set.provides = {NotNullId(table, column)};

  std::vector<Step> steps = {std::move(add), std::move(validate), std::move(set)};
  Chain(steps, object + ":not-null");
  return steps;
}

bool ReplaceIndexOnline(const model::Index& old, const model::Index& desired,
                        const LowerContext& ctx) {
  if (old.table != desired.table || !OnlineTable(desired.table, ctx)) return false;
  const model::Table* before = FindTable(ctx.from, old.table);
  const model::Table* after = FindTable(ctx.to, desired.table);
  if (!before || !after) return false;
  std::set<std::string> columns(desired.include.begin(), desired.include.end());
  for (const auto& k : desired.keys)
    for (const auto& c : model::ReferencedColumns(*after, k.expr.key)) columns.insert(c);
  for (const auto& c : model::ReferencedColumns(*after, desired.where.key)) columns.insert(c);
  for (const auto& name : columns) {
    const model::Column* a = before->FindColumn(name);
    const model::Column* b = after->FindColumn(name);
    if (!a || !b || a->type != b->type || a->collation != b->collation) return false;
  }
  return true;
}

std::string ReplacementName(const model::Index& index) {
  return model::MakeObjectName(index.name.name, "", "keel_new");
}

std::string ReplacementBuiltId(const model::Index& index) { return "built:" + IndexId(index.name); }

std::vector<Step> ReplaceIndex(const model::Index& desired, const std::vector<std::string>& needs) {
  const QualifiedName temp{desired.name.schema, ReplacementName(desired)};
  model::Index building = desired;
  building.name = temp;
  Step build = ConcurrentBuild(
      IndexId(desired.name),
      "build index " + desired.name.Display() + " beside the old one as " + temp.name,
      kRankCreateIndex, sql::CreateIndex(building, true), temp, desired.table);
  build.needs = needs;
  build.provides = {ReplacementBuiltId(desired)};

  Step rename =
      MakeStep(IndexId(desired.name), "rename index " + temp.Display() + " to " + desired.name.name,
               kRankCreateIndex, LockLevel::kShareUpdateExclusive);
  rename.sql = {"ALTER INDEX " + temp.Sql() + " RENAME TO " + model::QuoteIdent(desired.name.name)};
  rename.rollback_sql = {"ALTER INDEX " + desired.name.Sql() + " RENAME TO " +
                         model::QuoteIdent(temp.name)};
  rename.lock_table = desired.table.Display();
  rename.provides = {IndexId(desired.name)};
  std::vector<Step> steps = {std::move(build), std::move(rename)};
  Chain(steps, IndexId(desired.name) + ":replace");
  return steps;
}

std::vector<std::pair<std::string, std::string>> BatchKey(const model::Table& table,
                                                          const model::Catalog& catalog) {
  auto typed = [&](const std::vector<std::string>& columns) {
    std::vector<std::pair<std::string, std::string>> key;
    for (const auto& name : columns) {
      const model::Column* c = table.FindColumn(name);
      if (!c || !c->not_null) return std::vector<std::pair<std::string, std::string>>{};
      key.emplace_back(model::QuoteIdent(name), c->type);
    }
    return key;
  };
  for (const auto& con : table.constraints)
    if (con.kind == ConstraintKind::kPrimaryKey) return typed(con.columns);
  for (const auto& con : table.constraints)
    if (con.kind == ConstraintKind::kUnique)
      if (auto key = typed(con.columns); !key.empty()) return key;
  for (const auto& [qn, index] : catalog.indexes) {
    if (index.table != table.name || !index.unique || !index.where.empty()) continue;
    std::vector<std::string> columns;
    for (const auto& k : index.keys)
      for (const auto& col : table.columns)
        if (!k.is_expression && model::QuoteIdent(col.name) == k.expr.key)
          columns.push_back(col.name);
    if (columns.size() != index.keys.size()) continue;
    if (auto key = typed(columns); !key.empty()) return key;
  }
  return {};
}

std::string BackfillEndSql(const Backfill& b, const std::string& into) {
  std::vector<std::string> keys, desc;
  for (const auto& [col, type] : b.key) {
    keys.push_back(col);
    desc.push_back(col + " DESC");
  }
  return fmt::format("SELECT {}{} FROM {} ORDER BY {} LIMIT 1", fmt::join(keys, ", "), into,
                     b.table, fmt::join(desc, ", "));
}

std::string BackfillBatchSql(const Backfill& b, int batch_size,
                             const std::vector<std::string>& after, const std::string& into,
                             const std::vector<std::string>& upto) {
  if (b.key.empty())
    return fmt::format(
        "UPDATE {0} SET {1} = {2} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {0} WHERE {3} LIMIT "
        "{4}))",
        b.table, b.column, b.value, b.pending, batch_size);
  std::vector<std::string> keys, cols, aliases, desc, joins;
  for (size_t i = 0; i < b.key.size(); ++i) {
    const std::string& col = b.key[i].first;
    std::string alias = "keel_k" + std::to_string(i + 1);
    keys.push_back(col);
    cols.push_back(col + " AS " + alias);
    aliases.push_back(alias);
    desc.push_back(alias + " DESC");
    joins.push_back("keel_row." + col + " = keel_batch." + alias);
  }
  const std::string key = fmt::format("{}", fmt::join(keys, ", "));
  std::vector<std::string> conditions;
  if (!after.empty()) conditions.push_back(fmt::format("({}) > ({})", key, fmt::join(after, ", ")));
  if (!upto.empty()) conditions.push_back(fmt::format("({}) <= ({})", key, fmt::join(upto, ", ")));
  const std::string where =
      conditions.empty() ? "" : fmt::format(" WHERE {}", fmt::join(conditions, " AND "));
  return fmt::format(
      "WITH keel_batch AS (\n"
      "  SELECT {0} FROM {1}{2}\n"
      "  ORDER BY {3} LIMIT {4}\n"
      "), keel_done AS (\n"
      "  UPDATE {1} AS keel_row SET {5} = {6} FROM keel_batch\n"
      "  WHERE {7} AND {8}\n"
      ")\n"
      "SELECT {9}{10} FROM keel_batch ORDER BY {11} LIMIT 1",
      fmt::join(cols, ", "), b.table, where, key, batch_size, b.column, b.value,
      fmt::join(joins, " AND "), b.pending, fmt::join(aliases, ", "), into, fmt::join(desc, ", "));
}

namespace {

// Indents every line of `sql` for the DO block.
std::string Indent(const std::string& sql, const std::string& pad) {
  std::string out = pad;
  for (char c : sql) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

}  // namespace

std::string BackfillSql(const Backfill& b, const PlanSettings& settings) {
  const std::string pause = fmt::format("{:.3f}", settings.batch_pause_ms / 1000.0);
  std::string out = "DO $keel$\nDECLARE\n";
  if (b.key.empty()) {
    // Without a key, each batch is picked among the rows still pending; the count bounds the
    // loop in case the value leaves some rows pending.
    // Prefixed names: a PL/pgSQL variable named like a column makes the batch ambiguous.
    out += "  keel_remaining bigint;\n  keel_n bigint;\nBEGIN\n";
    out += fmt::format("  SELECT count(*) INTO keel_remaining FROM {} WHERE {};\n", b.table,
                       b.pending);
    out += "  WHILE keel_remaining > 0 LOOP\n";
    out += "    " + BackfillBatchSql(b, settings.batch_size, {}) + ";\n";
    out += "    GET DIAGNOSTICS keel_n = ROW_COUNT;\n    EXIT WHEN keel_n = 0;\n";
    out += fmt::format(
        "    keel_remaining := keel_remaining - keel_n;\n    COMMIT;\n    PERFORM pg_sleep({});\n",
        pause);
    out += "  END LOOP;\nEND\n$keel$";
    return out;
  }
  std::vector<std::string> vars, ends;
  for (size_t i = 0; i < b.key.size(); ++i) {
    vars.push_back("keel_last_" + std::to_string(i + 1));
    ends.push_back("keel_end_" + std::to_string(i + 1));
    out += fmt::format("  {} {};\n  {} {};\n", vars.back(), b.key[i].second, ends.back(),
                       b.key[i].second);
  }
  const std::string into = fmt::format(" INTO {}", fmt::join(vars, ", "));
  out += "  keel_started boolean := false;\nBEGIN\n";
  out += "  " + BackfillEndSql(b, fmt::format(" INTO {}", fmt::join(ends, ", "))) + ";\n";
  out += "  IF NOT FOUND THEN\n    RETURN;\n  END IF;\n  LOOP\n";
  out += "    IF keel_started THEN\n" +
         Indent(BackfillBatchSql(b, settings.batch_size, vars, into, ends), "      ") + ";\n" +
         "    ELSE\n" + Indent(BackfillBatchSql(b, settings.batch_size, {}, into, ends), "      ") +
         ";\n    END IF;\n";
  out += "    EXIT WHEN NOT FOUND;\n    keel_started := true;\n    COMMIT;\n";
  out += fmt::format("    PERFORM pg_sleep({});\n", pause);
  out += "  END LOOP;\nEND\n$keel$";
  return out;
}

Step BackfillStep(Backfill backfill, const std::string& object, const std::string& description,
                  const PlanSettings& settings) {
  Step s = MakeStep(object, description, kRankAlterColumn, LockLevel::kRowExclusive);
  s.phase = Phase::kBackfill;
  s.transactional = false;
  s.statement_timeout_ms = 0;
  s.lock_table = backfill.table;
  s.sql = {BackfillSql(backfill, settings)};
  s.hazards = {{HazardCode::kBackfill, "updates " + backfill.column + " in every row"}};
  if (backfill.key.empty())
    s.hazards.push_back({HazardCode::kNoBatchKey, "batches by ctid among pending rows"});
  else
    s.releases.push_back(BatchKeyId(backfill.table));
  s.backfill = std::move(backfill);
  return s;
}

std::vector<Step> AddColumnOnline(const diff::AddColumn& c, const LowerContext& ctx,
                                  const std::vector<std::string>& needs) {
  const model::Column& column = c.column;
  if (!OnlineTable(c.table, ctx) || column.default_expr.empty() || !column.generated.empty() ||
      column.identity != model::Identity::kNone || !IsVolatile(column.default_expr, ctx.to))
    return {};
  const model::Table* table = FindTable(ctx.from, c.table);
  const std::string object = ColumnId(c.table, column.name);
  const std::string where = c.table.Display() + "." + column.name;
  const std::string col = model::QuoteIdent(column.name);

  model::Column bare = column;
  bare.not_null = false;
  bare.default_expr = {};
  Step add =
      MakeStep(object, "add column " + where + " (nullable; default for new rows)", kRankAddColumn);
  add.sql = {
      AlterTable(c.table) + "ADD COLUMN " + sql::ColumnDefinition(bare),
      AlterTable(c.table) + "ALTER COLUMN " + col + " SET DEFAULT " + column.default_expr.sql};
  add.rollback_sql = {AlterTable(c.table) + "DROP COLUMN " + col};
  add.lock_table = c.table.Display();
  add.provides = {object};
  add.needs = needs;

  Backfill b;
  b.table = c.table.Sql();
  b.column = col;
  b.value = column.default_expr.sql;
  b.pending = col + " IS NULL";
  b.key = BatchKey(*table, ctx.from);
  Step fill = BackfillStep(std::move(b), object, "backfill " + where, ctx.settings);

  std::vector<Step> steps = {std::move(add), std::move(fill)};
  if (column.not_null)
    for (auto& s : SetNotNullOnline(c.table, column.name)) steps.push_back(std::move(s));
  Chain(steps, object + ":add");
  return steps;
}

std::vector<Step> ValidateSeparately(const diff::AddConstraint& c, Step add) {
  const std::string name = model::QuoteIdent(c.constraint.name);
  add.sql.front() += " NOT VALID";
  add.hazards.clear();
  Step validate =
      MakeStep(add.object, "validate constraint " + c.constraint.name + " on " + c.table.Display(),
               add.rank, LockLevel::kShareUpdateExclusive);
  validate.sql = {AlterTable(c.table) + "VALIDATE CONSTRAINT " + name};
  validate.own_transaction = true;
  validate.statement_timeout_ms = 0;
  validate.lock_table = c.table.Display();
  validate.hazards = {
      {HazardCode::kValidatesData,
       "checks every existing row of " + c.table.Display() + " without blocking writes"}};
  const std::string object = add.object;
  std::vector<Step> steps = {std::move(add), std::move(validate)};
  Chain(steps, object);
  return steps;
}

model::Index ConstraintIndex(const QualifiedName& table, const model::Constraint& con,
                             const std::string& name) {
  model::Index index;
  index.name = {table.schema, name};
  index.table = table;
  index.unique = true;
  index.nulls_not_distinct = con.nulls_not_distinct;
  for (const auto& col : con.columns) {
    model::IndexKey key;
    key.expr = model::QuoteIdent(col);
    index.keys.push_back(key);
  }
  return index;
}

std::string AddConstraintUsingIndex(const QualifiedName& table, const model::Constraint& con,
                                    const std::string& index) {
  std::string kind = con.kind == ConstraintKind::kPrimaryKey ? "PRIMARY KEY" : "UNIQUE";
  std::string sql = AlterTable(table) + "ADD CONSTRAINT " + model::QuoteIdent(con.name) + " " +
                    kind + " USING INDEX " + model::QuoteIdent(index);
  if (con.deferrable) sql += " DEFERRABLE";
  if (con.initially_deferred) sql += " INITIALLY DEFERRED";
  return sql;
}

std::vector<Step> UniqueThroughIndex(const diff::AddConstraint& c, Step add) {
  const model::Constraint& con = c.constraint;
  const model::Index index = ConstraintIndex(c.table, con, con.name);
  Step build =
      ConcurrentBuild(IndexId(index.name), "build unique index " + index.name.Display(),
                      kRankAddConstraint, sql::CreateIndex(index, true), index.name, c.table);
  build.needs = add.needs;
  build.provides = {IndexId(index.name)};

  add.sql = {AddConstraintUsingIndex(c.table, con, con.name)};
  add.hazards.clear();
  add.needs.push_back(IndexId(index.name));
  if (con.kind == ConstraintKind::kPrimaryKey)
    for (const auto& col : con.columns) add.needs.push_back(NotNullId(c.table, col));
  return {std::move(build), std::move(add)};
}

}  // namespace keel::planner::postgres
