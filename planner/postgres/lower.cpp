#include "planner/postgres/lower.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/default_schema.h"
#include "model/normalize.h"
#include "planner/postgres/column_rules.h"
#include "planner/postgres/lower_online.h"
#include "planner/postgres/lower_partition.h"
#include "planner/postgres/lower_routines.h"
#include "planner/postgres/lower_security.h"
#include "planner/postgres/lower_type.h"
#include "planner/postgres/lower_util.h"
#include "planner/postgres/lower_view.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using keel::Overloaded;

using diff::ColumnId;
using diff::ConstraintId;
using diff::IndexId;
using diff::SchemaId;
using diff::SequenceId;
using diff::TableId;
using model::ConstraintKind;
using model::QualifiedName;

bool IsEnum(const model::Catalog& catalog, const std::string& type) {
  for (const auto& id : diff::ColumnTypeNeeds(type))
    for (const auto& [name, e] : catalog.enums)
      if (id == diff::UserTypeId(name)) return true;
  return false;
}

std::vector<std::string> ColumnNeeds(const QualifiedName& t, const model::Column& c,
                                     const model::Table* table) {
  std::vector<std::string> needs = {TableId(t)};
  Append(needs, diff::ColumnTypeNeeds(c.type));
  Append(needs, ExpressionNeeds(c.default_expr, nullptr));
  Append(needs, ExpressionNeeds(c.generated, table));
  return needs;
}

// A foreign key needs its referenced columns and the unique constraint or index over them.
std::vector<std::string> ConstraintNeeds(const QualifiedName& t, const model::Constraint& c,
                                         const model::Catalog& catalog, const LowerContext& ctx) {
  std::vector<std::string> needs = {TableId(t)};
  for (const auto& col : c.columns) needs.push_back(ColumnId(t, col));
  Append(needs, ExpressionNeeds(c.check_expr, FindTable(catalog, t)));
  if (c.kind != ConstraintKind::kForeignKey) return needs;
  needs.push_back(TableId(c.ref_table));
  for (const auto& col : c.ref_columns) needs.push_back(ColumnId(c.ref_table, col));
  if (const auto* ref = FindTable(catalog, c.ref_table)) {
    for (const auto& rc : ref->constraints) {
      if ((rc.kind == ConstraintKind::kPrimaryKey || rc.kind == ConstraintKind::kUnique) &&
          rc.columns == c.ref_columns)
        needs.push_back(ConstraintId(c.ref_table, rc.name));
    }
  }
  for (const model::Index* index : ctx.IndexesOn(catalog, c.ref_table)) {
    if (!index->unique || !index->where.empty()) continue;
    bool same = index->keys.size() == c.ref_columns.size();
    for (size_t i = 0; same && i < index->keys.size(); ++i)
      same = !index->keys[i].is_expression &&
             index->keys[i].expr.key == model::QuoteIdent(c.ref_columns[i]);
    if (same) needs.push_back(IndexId(index->name));
  }
  return needs;
}

std::vector<std::string> IndexNeeds(const model::Index& i, const model::Catalog& catalog) {
  const model::Table* table = FindTable(catalog, i.table);
  std::vector<std::string> needs = {TableId(i.table)};
  for (const auto& k : i.keys) {
    if (k.is_expression)
      Append(needs, ExpressionNeeds(k.expr, table));
    else if (table)
      Append(needs, ExpressionNeeds(k.expr, table));
  }
  for (const auto& inc : i.include) needs.push_back(ColumnId(i.table, inc));
  Append(needs, ExpressionNeeds(i.where, table));
  return needs;
}

std::vector<Step> LowerCreateSchema(const diff::CreateSchema& c) {
  Step s = MakeStep(SchemaId(c.schema.name), "create schema " + c.schema.name, kRankCreateSchema);
  s.sql = {"CREATE SCHEMA " + model::QuoteIdent(c.schema.name)};
  s.rollback_sql = {"DROP SCHEMA " + model::QuoteIdent(c.schema.name)};
  s.lock = LockLevel::kNone;
  s.provides = {SchemaId(c.schema.name)};
  return {s};
}

std::vector<Step> LowerDropSchema(const diff::DropSchema& c) {
  Step s = MakeStep(SchemaId(c.schema.name), "drop schema " + c.schema.name, kRankDropSchema);
  s.sql = {"DROP SCHEMA " + model::QuoteIdent(c.schema.name)};
  s.rollback_sql = {"CREATE SCHEMA " + model::QuoteIdent(c.schema.name)};
  sql::AppendComment(s.rollback_sql, "SCHEMA " + model::QuoteIdent(c.schema.name),
                     c.schema.comment);
  s.lock = LockLevel::kNone;
  s.removes = {SchemaId(c.schema.name)};
  return {s};
}

// A new table is empty and unseen by the application: plain DDL, no online patterns needed.
// The columns of table `t` of `catalog` whose default calls a function of `catalog` that reads
// the table: a new table gets those defaults once the function exists (the server checks the
// body when it creates it); a dropped one loses them first when the function goes too, so the
// rollback can put the table, the function and the default back in that order.
std::vector<const model::Column*> DefaultsCallingReaders(const model::Table& t,
                                                         const model::Catalog& catalog,
                                                         const model::Catalog* without = nullptr) {
  std::vector<const model::Column*> out;
  std::map<std::string, QualifiedName> functions;
  for (const auto& col : t.columns) {
    if (col.default_expr.empty()) continue;
    for (const auto& id : ExpressionNeeds(col.default_expr, nullptr)) {
      if (!id.starts_with("function:")) continue;
      if (functions.empty())
        for (const auto& [key, f] : catalog.functions)
          functions.emplace(diff::FunctionId(f.name), f.name);
      auto f = functions.find(id);
      if (f == functions.end() || !FunctionReadsTable(f->second, t.name, catalog)) continue;
      if (without != nullptr) {
        auto kept = without->functions.lower_bound({f->second, ""});
        if (kept != without->functions.end() && kept->first.first == f->second) continue;
      }
      out.push_back(&col);
      break;
    }
  }
  return out;
}

// A default set (`set`) or dropped as a step of its own; the other is its rollback.
Step DefaultStep(const model::Table& t, const model::Column& col, bool set) {
  const std::string alter =
      AlterTable(t.name) + "ALTER COLUMN " + model::QuoteIdent(col.name) + " ";
  Step s = MakeStep(
      ColumnId(t.name, col.name),
      std::string(set ? "set" : "drop") + " default on column " + t.name.Display() + "." + col.name,
      kRankAlterColumn);
  std::vector<std::string> set_sql = {alter + "SET DEFAULT " + col.default_expr.sql};
  std::vector<std::string> drop_sql = {alter + "DROP DEFAULT"};
  s.sql = set ? set_sql : drop_sql;
  s.rollback_sql = set ? drop_sql : set_sql;
  return s;
}

std::vector<Step> LowerCreateTable(const diff::CreateTable& c, const LowerContext& ctx) {
  const std::vector<const model::Column*> deferred = DefaultsCallingReaders(c.table, ctx.to);
  model::Table t = c.table;
  for (const auto* col : deferred) t.FindColumn(col->name)->default_expr = {};
  Step s = MakeStep(TableId(t.name), "create table " + t.name.Display(), kRankCreateTable);
  s.sql = {sql::CreateTable(t)};
  s.rollback_sql = {"DROP TABLE " + t.name.Sql()};
  s.lock = LockLevel::kNone;
  s.provides = {TableId(t.name), diff::UserTypeId(t.name)};  // and its row type
  s.needs = {SchemaId(t.name.schema)};
  Append(s.needs, ParentNeeds(t));
  // A new partition of an existing table locks the parent (ACCESS EXCLUSIVE) while it attaches.
  if (!t.partition_of.name.empty() && !ctx.new_tables.count(t.partition_of)) {
    s.lock = LockLevel::kAccessExclusive;
    s.lock_table = t.partition_of.Display();
    for (const auto& [qn, other] : ctx.to.tables)
      if (other.partition_of == t.partition_of && other.partition_bound == "DEFAULT" &&
          !ctx.new_tables.count(qn))
        s.hazards.push_back(
            {HazardCode::kValidatesData, "scans the default partition " + qn.Display() +
                                             " for rows that belong to the new one"});
  }
  for (const auto& col : InheritedColumns(ctx.to, t)) s.provides.push_back(ColumnId(t.name, col));
  for (const auto& col : t.columns) {
    s.provides.push_back(ColumnId(t.name, col.name));
    for (auto& n : ColumnNeeds(t.name, col, &t))
      if (n.rfind("column:", 0) != 0 && n != TableId(t.name)) s.needs.push_back(n);
  }
  for (const auto& con : t.constraints) s.provides.push_back(ConstraintId(t.name, con.name));
  std::vector<Step> steps = {s};
  for (const auto* col : deferred) {
    Step d = DefaultStep(t, *col, true);
    d.lock = LockLevel::kNone;
    d.needs = {ColumnId(t.name, col->name)};
    Append(d.needs, ExpressionNeeds(col->default_expr, nullptr));
    steps.push_back(std::move(d));
  }
  return steps;
}

std::vector<Step> LowerDropTable(const diff::DropTable& c, const LowerContext& ctx) {
  const auto deferred = DefaultsCallingReaders(c.table, ctx.from, &ctx.to);
  model::Table t = c.table;
  std::vector<Step> steps;
  for (const auto* col : deferred) {
    t.FindColumn(col->name)->default_expr = {};
    Step d = DefaultStep(t, *col, false);
    d.lock_table = t.name.Display();
    d.releases = {ColumnId(t.name, col->name)};
    Append(d.releases, ExpressionNeeds(col->default_expr, nullptr));
    steps.push_back(std::move(d));
  }
  Step s = MakeStep(TableId(t.name), "drop table " + t.name.Display(), kRankDropTable);
  s.sql = {"DROP TABLE " + t.name.Sql()};
  s.rollback_sql = {sql::CreateTable(t)};
  s.reversibility = Reversibility::kLossy;
  s.rollback_note = "the table comes back empty";
  s.lock_table = t.name.Display();
  s.hazards = {{HazardCode::kDataLoss, "drops table " + t.name.Display() + " and its rows"}};
  if (t.rls_enabled) s.rollback_sql.push_back(AlterTable(t.name) + "ENABLE ROW LEVEL SECURITY");
  if (t.rls_forced) s.rollback_sql.push_back(AlterTable(t.name) + "FORCE ROW LEVEL SECURITY");
  s.removes = {TableId(t.name), diff::UserTypeId(t.name)};
  for (const auto& col : t.columns) {
    s.removes.push_back(ColumnId(t.name, col.name));
    Append(s.releases, ColumnNeeds(t.name, col, &t));
  }
  for (const auto& con : t.constraints) {
    s.removes.push_back(ConstraintId(t.name, con.name));
    Append(s.releases, ConstraintNeeds(t.name, con, ctx.from, ctx));
  }
  s.releases.push_back(SchemaId(t.name.schema));
  Append(s.releases, ParentNeeds(t));
  // What goes with the table comes back with it: comments, indexes, triggers.
  sql::AppendComment(s.rollback_sql, "TABLE " + t.name.Sql(), t.comment);
  for (const auto& col : t.columns)
    sql::AppendComment(s.rollback_sql, "COLUMN " + t.name.Sql() + "." + model::QuoteIdent(col.name),
                       col.comment);
  for (const auto& con : t.constraints)
    sql::AppendComment(s.rollback_sql,
                       "CONSTRAINT " + model::QuoteIdent(con.name) + " ON " + t.name.Sql(),
                       con.comment);
  for (const auto& index : c.indexes) {
    s.rollback_sql.push_back(sql::CreateIndex(index, false));
    sql::AppendComment(s.rollback_sql, "INDEX " + index.name.Sql(), index.comment);
    s.removes.push_back(IndexId(index.name));
  }
  for (const auto& trigger : c.triggers) {
    Append(s.rollback_sql, CreateTriggerSql(trigger));
    s.removes.push_back(diff::TriggerId(trigger.table, trigger.name));
    Append(s.releases, TriggerUses(trigger));
  }
  // The sequences the table owns go with it, and come back with it (before its defaults).
  size_t created = 0;
  for (const auto& [qn, seq] : ctx.from.sequences) {
    if (seq.owned_by_table != t.name) continue;
    s.removes.push_back(SequenceId(qn));
    s.rollback_sql.insert(s.rollback_sql.begin() + created++, sql::CreateSequence(seq));
    s.rollback_sql.push_back("ALTER SEQUENCE " + qn.Sql() + " OWNED BY " + t.name.Sql() + "." +
                             model::QuoteIdent(seq.owned_by_column));
    sql::AppendComment(s.rollback_sql, "SEQUENCE " + qn.Sql(), seq.comment);
  }
  steps.push_back(std::move(s));
  return steps;
}

std::vector<Step> LowerRenameTable(const diff::RenameTable& c) {
  Step s =
      MakeStep(TableId(c.to), "rename table " + c.from.Display() + " to " + c.to.name, kRankRename);
  s.sql = {AlterTable(c.from) + "RENAME TO " + model::QuoteIdent(c.to.name)};
  s.rollback_sql = {AlterTable(c.to) + "RENAME TO " + model::QuoteIdent(c.from.name)};
  s.lock_table = c.from.Display();
  s.hazards = {{HazardCode::kRenameBreaksClients, "table " + c.from.Display()}};
  s.removes = {TableId(c.from)};
  s.provides = {TableId(c.to)};
  return {s};
}

std::vector<Step> LowerAddColumn(const diff::AddColumn& c, const LowerContext& ctx) {
  Step s = MakeStep(ColumnId(c.table, c.column.name),
                    "add column " + c.table.Display() + "." + c.column.name, kRankAddColumn);
  s.sql = {AlterTable(c.table) + "ADD COLUMN " + sql::ColumnDefinition(c.column)};
  s.rollback_sql = {AlterTable(c.table) + "DROP COLUMN " + model::QuoteIdent(c.column.name)};
  s.lock_table = c.table.Display();
  s.provides = {ColumnId(c.table, c.column.name)};
  s.needs = ColumnNeeds(c.table, c.column, FindTable(ctx.to, c.table));
  if (auto online = AddColumnOnline(c, ctx, s.needs); !online.empty()) return online;
  if (!c.column.generated.empty())
    s.hazards.push_back(
        {HazardCode::kTableRewrite, "stored generated column is computed for every row"});
  if (c.column.not_null && c.column.default_expr.empty() &&
      c.column.identity == model::Identity::kNone)
    s.hazards.push_back(
        {HazardCode::kFullScanUnderLock, "NOT NULL without default fails on a non-empty table"});
  return {s};
}

std::vector<Step> LowerDropColumn(const diff::DropColumn& c, const LowerContext& ctx) {
  Step s = MakeStep(ColumnId(c.table, c.column.name),
                    "drop column " + c.table.Display() + "." + c.column.name, kRankDropColumn);
  s.sql = {AlterTable(c.table) + "DROP COLUMN " + model::QuoteIdent(c.column.name)};
  s.reversibility = Reversibility::kLossy;
  s.rollback_note = "the column comes back without its data";
  if (c.column.not_null && c.column.default_expr.empty() &&
      c.column.identity == model::Identity::kNone && c.column.generated.empty()) {
    // Rows that exist by then have no value for it: NOT NULL only comes back on an empty table.
    model::Column nullable = c.column;
    nullable.not_null = false;
    const std::string table = c.table.Sql();
    s.rollback_sql = {AlterTable(c.table) + "ADD COLUMN " + sql::ColumnDefinition(nullable),
                      "DO $keel$ BEGIN IF NOT EXISTS (SELECT FROM " + table + ") THEN " +
                          AlterTable(c.table) + "ALTER COLUMN " + model::QuoteIdent(c.column.name) +
                          " SET NOT NULL; END IF; END $keel$"};
    s.rollback_note += "; NOT NULL only if the table is empty";
  } else {
    s.rollback_sql = {AlterTable(c.table) + "ADD COLUMN " + sql::ColumnDefinition(c.column)};
  }
  s.lock_table = c.table.Display();
  s.hazards = {{HazardCode::kDataLoss, "drops column " + c.table.Display() + "." + c.column.name}};
  s.removes = {ColumnId(c.table, c.column.name)};
  s.releases = ColumnNeeds(c.table, c.column, FindTable(ctx.from, c.table));
  return {s};
}

std::vector<Step> LowerRenameColumn(const diff::RenameColumn& c) {
  Step s =
      MakeStep(ColumnId(c.table, c.to),
               "rename column " + c.table.Display() + "." + c.from + " to " + c.to, kRankRename);
  s.sql = {AlterTable(c.table) + "RENAME COLUMN " + model::QuoteIdent(c.from) + " TO " +
           model::QuoteIdent(c.to)};
  s.rollback_sql = {AlterTable(c.table) + "RENAME COLUMN " + model::QuoteIdent(c.to) + " TO " +
                    model::QuoteIdent(c.from)};
  s.lock_table = c.table.Display();
  s.hazards = {{HazardCode::kRenameBreaksClients, "column " + c.table.Display() + "." + c.from}};
  s.needs = {TableId(c.table)};
  s.removes = {ColumnId(c.table, c.from)};
  s.provides = {ColumnId(c.table, c.to)};
  return {s};
}

// The ALTER COLUMN subcommands that turn `from` into `to` for the bits in `what`; `via_text`
// converts through text (enums have no casts to other types).
std::vector<std::string> AlterColumnActions(const model::Column& from, const model::Column& to,
                                            uint32_t what, bool via_text) {
  std::string col = "ALTER COLUMN " + model::QuoteIdent(to.name) + " ";
  std::vector<std::string> actions;
  if (what & diff::kColumnIdentity && from.identity != model::Identity::kNone &&
      to.identity == model::Identity::kNone)
    actions.push_back(col + "DROP IDENTITY");
  if (what & (diff::kColumnDefault | diff::kColumnType) && !from.default_expr.empty() &&
      (to.default_expr != from.default_expr || (what & diff::kColumnType)))
    actions.push_back(col + "DROP DEFAULT");
  if (what & (diff::kColumnType | diff::kColumnCollation)) {
    std::string a = col + "TYPE " + to.type;
    if (!to.collation.empty()) a += " COLLATE " + to.collation;
    std::string via = via_text ? "::text" : "";
    if (what & diff::kColumnType)
      a += " USING " + model::QuoteIdent(to.name) + via + "::" + to.type;
    actions.push_back(a);
  }
  if (what & (diff::kColumnDefault | diff::kColumnType) && !to.default_expr.empty() &&
      (to.default_expr != from.default_expr || (what & diff::kColumnType)))
    actions.push_back(col + "SET DEFAULT " + to.default_expr.sql);
  if (what & diff::kColumnNotNull && !to.not_null && to.identity == model::Identity::kNone)
    actions.push_back(col + "DROP NOT NULL");
  // Before ADD GENERATED … AS IDENTITY, which needs a NOT NULL column.
  if (what & diff::kColumnNotNull && to.not_null && !from.not_null)
    actions.push_back(col + "SET NOT NULL");
  if (what & diff::kColumnIdentity && to.identity != model::Identity::kNone) {
    std::string kind = to.identity == model::Identity::kAlways ? "ALWAYS" : "BY DEFAULT";
    if (from.identity == model::Identity::kNone)
      actions.push_back(col + "ADD GENERATED " + kind + " AS IDENTITY");
    else
      actions.push_back(col + "SET GENERATED " + kind);
  }
  return actions;
}

std::vector<Step> LowerAlterColumn(const diff::AlterColumn& c, const LowerContext& ctx) {
  bool via_text = false;
  for (const auto* catalog : {&ctx.from, &ctx.to})
    via_text = via_text || IsEnum(*catalog, c.from.type) || IsEnum(*catalog, c.to.type);
  // A type change that would rewrite a populated table goes through a new column, unless a
  // dependant of the column cannot follow it (then `blocker` says which).
  std::string blocker;
  if (c.what & diff::kColumnType && !IsBinaryCoercible(c.from.type, c.to.type) &&
      OnlineTable(c.table, ctx)) {
    blocker = OnlineTypeChangeBlocker(c, ctx);
    if (blocker.empty()) {
      std::vector<std::string> needs = ColumnNeeds(c.table, c.to, FindTable(ctx.to, c.table));
      needs.push_back(ColumnId(c.table, c.to.name));
      return ChangeColumnTypeOnline(
          c, ctx, needs, ColumnNeeds(c.table, c.from, FindTable(ctx.from, c.table)), via_text);
    }
  }
  // SET NOT NULL on a populated table goes through a validated check; ADD GENERATED … AS
  // IDENTITY needs the NOT NULL in the same statement.
  bool adds_identity = c.what & diff::kColumnIdentity && c.to.identity != model::Identity::kNone;
  if (c.what & diff::kColumnNotNull && c.to.not_null && !c.from.not_null && !adds_identity &&
      OnlineTable(c.table, ctx)) {
    diff::AlterColumn rest = c;
    rest.what &= ~diff::kColumnNotNull;
    rest.to.not_null = false;
    std::vector<Step> steps;
    if (!AlterColumnActions(rest.from, rest.to, rest.what, false).empty())
      steps = LowerAlterColumn(rest, ctx);
    auto chain = SetNotNullOnline(c.table, c.to.name);
    chain.front().needs = ColumnNeeds(c.table, c.to, FindTable(ctx.to, c.table));
    chain.front().needs.push_back(ColumnId(c.table, c.to.name));
    for (auto& s : chain) steps.push_back(std::move(s));
    Chain(steps, ColumnId(c.table, c.to.name) + ":alter");
    return steps;
  }
  Step s = MakeStep(ColumnId(c.table, c.to.name), diff::Describe(c), kRankAlterColumn);
  auto forward = AlterColumnActions(c.from, c.to, c.what, via_text);
  auto backward = AlterColumnActions(c.to, c.from, c.what, via_text);
  s.sql = {AlterTable(c.table) + fmt::format("{}", fmt::join(forward, ", "))};
  s.rollback_sql = {AlterTable(c.table) + fmt::format("{}", fmt::join(backward, ", "))};
  s.lock_table = c.table.Display();
  s.needs = ColumnNeeds(c.table, c.to, FindTable(ctx.to, c.table));
  s.needs.push_back(ColumnId(c.table, c.to.name));
  s.releases = ColumnNeeds(c.table, c.from, FindTable(ctx.from, c.table));
  if (c.what & diff::kColumnType && IsBinaryCoercible(c.from.type, c.to.type)) {
    s.rollback_note = "narrowing back fails if longer values were written meanwhile";
    s.removes.push_back(TypeId(ColumnId(c.table, c.to.name)));
    s.provides.push_back(TypeId(ColumnId(c.table, c.to.name)));
  } else if (c.what & diff::kColumnType) {
    std::string why = "type " + c.from.type + " -> " + c.to.type + " rewrites the table";
    if (!blocker.empty()) why += " (in place: " + blocker + ")";
    s.hazards.push_back({HazardCode::kTableRewrite, why});
    s.reversibility = Reversibility::kLossy;
    s.rollback_note = "converting back may lose precision";
    s.removes.push_back(TypeId(ColumnId(c.table, c.to.name)));
    s.provides.push_back(TypeId(ColumnId(c.table, c.to.name)));
  }
  if (c.what & diff::kColumnNotNull && c.to.not_null) {
    s.hazards.push_back({HazardCode::kFullScanUnderLock, "SET NOT NULL scans the table"});
    s.provides.push_back(NotNullId(c.table, c.to.name));
  }
  if (c.what & diff::kColumnNotNull && !c.to.not_null)
    s.removes.push_back(NotNullId(c.table, c.to.name));
  return {s};
}

std::vector<Step> LowerAddConstraint(const diff::AddConstraint& c, const LowerContext& ctx) {
  bool fk = c.constraint.kind == ConstraintKind::kForeignKey;
  Step s = MakeStep(ConstraintId(c.table, c.constraint.name),
                    "add constraint " + c.constraint.name + " on " + c.table.Display(),
                    fk ? kRankAddForeignKey : kRankAddConstraint);
  std::string def = sql::ConstraintDefinition(c.constraint);
  if (c.constraint.not_valid) def += " NOT VALID";
  s.sql = {AlterTable(c.table) + "ADD CONSTRAINT " + model::QuoteIdent(c.constraint.name) + " " +
           def};
  s.rollback_sql = {AlterTable(c.table) + "DROP CONSTRAINT " +
                    model::QuoteIdent(c.constraint.name)};
  s.lock_table = c.table.Display();
  s.lock = fk ? LockLevel::kShareRowExclusive : LockLevel::kAccessExclusive;
  s.provides = {ConstraintId(c.table, c.constraint.name)};
  s.needs = ConstraintNeeds(c.table, c.constraint, ctx.to, ctx);
  Append(s.needs, TypeIds(s.needs));
  if (c.constraint.kind == ConstraintKind::kPrimaryKey) s.provides.push_back(PrimaryKeyId(c.table));
  if (!ctx.new_tables.count(c.table) && !c.constraint.not_valid)
    s.hazards.push_back(
        {HazardCode::kValidatesData, "checks every existing row of " + c.table.Display()});
  if (OnlineTable(c.table, ctx) && !c.constraint.not_valid) {
    switch (c.constraint.kind) {
      case ConstraintKind::kCheck:
      case ConstraintKind::kForeignKey:
        return ValidateSeparately(c, std::move(s));
      case ConstraintKind::kPrimaryKey:
      case ConstraintKind::kUnique:
        return UniqueThroughIndex(c, std::move(s));
      case ConstraintKind::kExclude:
        break;
    }
  }
  return {s};
}

std::vector<Step> LowerDropConstraint(const diff::DropConstraint& c, const LowerContext& ctx) {
  bool fk = c.constraint.kind == ConstraintKind::kForeignKey;
  Step s = MakeStep(ConstraintId(c.table, c.constraint.name),
                    "drop constraint " + c.constraint.name + " on " + c.table.Display(),
                    fk ? kRankDropForeignKey : kRankDropConstraint);
  s.sql = {AlterTable(c.table) + "DROP CONSTRAINT " + model::QuoteIdent(c.constraint.name)};
  std::string def = sql::ConstraintDefinition(c.constraint);
  if (c.constraint.not_valid) def += " NOT VALID";
  s.rollback_sql = {AlterTable(c.table) + "ADD CONSTRAINT " + model::QuoteIdent(c.constraint.name) +
                    " " + def};
  // The comment goes with the constraint; undoing the drop brings both back.
  if (c.constraint.comment)
    s.rollback_sql.push_back(
        sql::Comment("CONSTRAINT " + model::QuoteIdent(c.constraint.name) + " ON " + c.table.Sql(),
                     c.constraint.comment));
  s.lock_table = c.table.Display();
  s.removes = {ConstraintId(c.table, c.constraint.name)};
  s.releases = ConstraintNeeds(c.table, c.constraint, ctx.from, ctx);
  Append(s.releases, TypeIds(s.releases));
  // DROP NOT NULL fails on a column of a primary key ("column is in a primary key").
  if (c.constraint.kind == ConstraintKind::kPrimaryKey) {
    for (const auto& col : c.constraint.columns) s.releases.push_back(NotNullId(c.table, col));
    s.removes.push_back(PrimaryKeyId(c.table));
  }
  // Its index goes with it, freeing the name for a new index or constraint.
  if (c.constraint.kind == ConstraintKind::kPrimaryKey ||
      c.constraint.kind == ConstraintKind::kUnique || c.constraint.kind == ConstraintKind::kExclude)
    s.removes.push_back(IndexId(QualifiedName{c.table.schema, c.constraint.name}));
  return {s};
}

std::vector<Step> LowerRenameConstraint(const diff::RenameConstraint& c) {
  Step s = MakeStep(ConstraintId(c.table, c.to), "rename constraint " + c.from + " to " + c.to,
                    kRankRename);
  s.sql = {AlterTable(c.table) + "RENAME CONSTRAINT " + model::QuoteIdent(c.from) + " TO " +
           model::QuoteIdent(c.to)};
  s.rollback_sql = {AlterTable(c.table) + "RENAME CONSTRAINT " + model::QuoteIdent(c.to) + " TO " +
                    model::QuoteIdent(c.from)};
  s.lock_table = c.table.Display();
  s.needs = {TableId(c.table)};
  s.removes = {ConstraintId(c.table, c.from)};
  s.provides = {ConstraintId(c.table, c.to)};
  return {s};
}

// An index on an existing table is built CONCURRENTLY: SHARE UPDATE EXCLUSIVE instead of a
// SHARE lock that would block writes for the whole build. It cannot run in a transaction.
// A partitioned table's index cannot be built CONCURRENTLY: it is built on every partition
// under a SHARE lock, which blocks writes.
std::vector<Step> LowerCreateIndex(const diff::CreateIndex& c, const LowerContext& ctx) {
  bool partitioned = IsPartitioned(ctx.to, c.index.table);
  bool online = !ctx.new_tables.count(c.index.table) && !partitioned;
  if (partitioned && !ctx.new_tables.count(c.index.table)) {
    std::vector<std::string> needs = IndexNeeds(c.index, ctx.to);
    Append(needs, TypeIds(needs));
    auto steps = LowerCreatePartitionedIndex(c.index, ctx, needs);
    if (!steps.empty()) return steps;
  }
  if (auto old = ctx.from.indexes.find(c.index.name);
      old != ctx.from.indexes.end() && ReplaceIndexOnline(old->second, c.index, ctx)) {
    std::vector<std::string> needs = IndexNeeds(c.index, ctx.to);
    Append(needs, TypeIds(needs));
    return ReplaceIndex(c.index, needs);
  }
  Step s =
      MakeStep(IndexId(c.index.name), "create index " + c.index.name.Display(), kRankCreateIndex);
  s.sql = {sql::CreateIndex(c.index, online)};
  s.rollback_sql = {std::string("DROP INDEX ") + (online ? "CONCURRENTLY " : "") +
                    c.index.name.Sql()};
  s.transactional = !online;
  // A build that failed (or timed out waiting for writers) leaves an INVALID index behind.
  if (online) s.before_retry = {"DROP INDEX CONCURRENTLY IF EXISTS " + c.index.name.Sql()};
  s.lock = online ? LockLevel::kShareUpdateExclusive : LockLevel::kNone;
  s.lock_table = c.index.table.Display();
  s.provides = {IndexId(c.index.name)};
  s.needs = IndexNeeds(c.index, ctx.to);
  Append(s.needs, TypeIds(s.needs));
  if (online) s.hazards.push_back({HazardCode::kIndexBuild, "on " + c.index.table.Display()});
  if (partitioned && !ctx.new_tables.count(c.index.table)) {
    s.lock = LockLevel::kShare;
    s.hazards.push_back({HazardCode::kIndexBuild, "on every partition of " +
                                                      c.index.table.Display() +
                                                      ", blocking writes (no CONCURRENTLY)"});
  }
  return {s};
}

// DROP INDEX CONCURRENTLY waits for running transactions instead of blocking new ones.
// (Not on a partitioned table, where only a plain DROP INDEX works.)
std::vector<Step> LowerDropIndex(const diff::DropIndex& c, const LowerContext& ctx) {
  bool online = !IsPartitioned(ctx.from, c.index.table);
  Step s = MakeStep(IndexId(c.index.name), "drop index " + c.index.name.Display(), kRankDropIndex);
  s.sql = {std::string("DROP INDEX ") + (online ? "CONCURRENTLY " : "") + c.index.name.Sql()};
  s.rollback_sql = {sql::CreateIndex(c.index, online)};
  if (c.index.comment)
    s.rollback_sql.push_back(sql::Comment("INDEX " + c.index.name.Sql(), c.index.comment));
  s.transactional = !online;
  s.lock = online ? LockLevel::kShareUpdateExclusive : LockLevel::kAccessExclusive;
  s.lock_table = c.index.table.Display();
  s.removes = {IndexId(c.index.name)};
  s.releases = IndexNeeds(c.index, ctx.from);
  Append(s.releases, TypeIds(s.releases));
  // An index over a column that goes away serves the application until the column does.
  const model::Table* after = FindTable(ctx.to, c.index.table);
  for (const auto& id : s.releases)
    if (id.rfind("column:", 0) == 0 && after &&
        std::none_of(after->columns.begin(), after->columns.end(), [&](const model::Column& col) {
          return ColumnId(after->name, col.name) == id;
        }))
      s.phase = Phase::kContract;
  // A replacement is built beside this index first; the drop waits for it.
  if (auto next = ctx.to.indexes.find(c.index.name);
      next != ctx.to.indexes.end() && ReplaceIndexOnline(c.index, next->second, ctx))
    s.needs.push_back(ReplacementBuiltId(next->second));
  return {s};
}

std::vector<Step> LowerRenameIndex(const diff::RenameIndex& c) {
  Step s =
      MakeStep(IndexId(c.to), "rename index " + c.from.Display() + " to " + c.to.name, kRankRename);
  s.sql = {"ALTER INDEX " + c.from.Sql() + " RENAME TO " + model::QuoteIdent(c.to.name)};
  s.rollback_sql = {"ALTER INDEX " + c.to.Sql() + " RENAME TO " + model::QuoteIdent(c.from.name)};
  s.lock = LockLevel::kShareUpdateExclusive;
  s.removes = {IndexId(c.from)};
  s.provides = {IndexId(c.to)};
  return {s};
}

Step OwnedByStep(const model::Sequence& seq, const model::Sequence* before) {
  Step s = MakeStep(SequenceId(seq.name), "set owner column of sequence " + seq.name.Display(),
                    kRankAlterSequence);
  auto owned = [](const model::Sequence* q) {
    if (!q || q->owned_by_table.name.empty()) return std::string("NONE");
    return q->owned_by_table.Sql() + "." + model::QuoteIdent(q->owned_by_column);
  };
  s.sql = {"ALTER SEQUENCE " + seq.name.Sql() + " OWNED BY " + owned(&seq)};
  s.rollback_sql = {"ALTER SEQUENCE " + seq.name.Sql() + " OWNED BY " + owned(before)};
  s.lock = LockLevel::kNone;
  s.needs = {SequenceId(seq.name)};
  if (!seq.owned_by_table.name.empty())
    s.needs.push_back(ColumnId(seq.owned_by_table, seq.owned_by_column));
  if (before && !before->owned_by_table.name.empty())
    s.releases.push_back(ColumnId(before->owned_by_table, before->owned_by_column));
  return s;
}

std::vector<Step> LowerCreateSequence(const diff::CreateSequence& c) {
  Step s = MakeStep(SequenceId(c.sequence.name), "create sequence " + c.sequence.name.Display(),
                    kRankCreateSequence);
  s.sql = {sql::CreateSequence(c.sequence)};
  s.rollback_sql = {"DROP SEQUENCE " + c.sequence.name.Sql()};
  s.lock = LockLevel::kNone;
  s.provides = {SequenceId(c.sequence.name)};
  s.needs = {SchemaId(c.sequence.name.schema)};
  std::vector<Step> steps = {s};
  if (!c.sequence.owned_by_table.name.empty()) steps.push_back(OwnedByStep(c.sequence, nullptr));
  return steps;
}

std::vector<Step> LowerDropSequence(const diff::DropSequence& c) {
  Step s = MakeStep(SequenceId(c.sequence.name), "drop sequence " + c.sequence.name.Display(),
                    kRankDropSequence);
  s.sql = {"DROP SEQUENCE " + c.sequence.name.Sql()};
  s.rollback_sql = {sql::CreateSequence(c.sequence)};
  sql::AppendComment(s.rollback_sql, "SEQUENCE " + c.sequence.name.Sql(), c.sequence.comment);
  s.reversibility = Reversibility::kLossy;
  s.rollback_note = "the sequence restarts from its start value";
  s.lock = LockLevel::kNone;
  s.removes = {SequenceId(c.sequence.name)};
  s.releases = {SchemaId(c.sequence.name.schema)};
  if (!c.sequence.owned_by_table.name.empty())
    s.releases.push_back(ColumnId(c.sequence.owned_by_table, c.sequence.owned_by_column));
  return {s};
}

std::vector<Step> LowerAlterSequence(const diff::AlterSequence& c) {
  std::vector<Step> steps;
  model::Sequence from = c.from, to = c.to;
  from.owned_by_table = to.owned_by_table;
  from.owned_by_column = to.owned_by_column;
  if (from.type != to.type || from.start != to.start || from.increment != to.increment ||
      from.min_value != to.min_value || from.max_value != to.max_value || from.cache != to.cache ||
      from.cycle != to.cycle) {
    Step s =
        MakeStep(SequenceId(to.name), "alter sequence " + to.name.Display(), kRankAlterSequence);
    s.sql = {"ALTER SEQUENCE " + to.name.Sql() + sql::SequenceOptions(to, true)};
    s.rollback_sql = {"ALTER SEQUENCE " + to.name.Sql() + sql::SequenceOptions(c.from, true)};
    s.lock = LockLevel::kNone;
    s.needs = {SequenceId(to.name)};
    steps.push_back(s);
  }
  if (c.from.owned_by_table != c.to.owned_by_table ||
      c.from.owned_by_column != c.to.owned_by_column)
    steps.push_back(OwnedByStep(c.to, &c.from));
  return steps;
}

std::vector<Step> LowerSetComment(const diff::SetComment& c) {
  Step s = MakeStep(c.object_id, "comment on " + c.target, kRankComment);
  s.sql = {sql::Comment(c.target, c.to)};
  s.rollback_sql = {sql::Comment(c.target, c.from)};
  s.lock = LockLevel::kShareUpdateExclusive;
  s.needs = {c.object_id};
  return {s};
}

std::vector<Step> LowerSetStatistics(const diff::SetStatistics& c) {
  Step s = MakeStep(c.object_id, diff::Describe(c), kRankComment);
  s.sql = {"ALTER " + c.target + " SET STATISTICS " + std::to_string(c.to)};
  s.rollback_sql = {"ALTER " + c.target + " SET STATISTICS " + std::to_string(c.from)};
  s.lock = LockLevel::kShareUpdateExclusive;
  s.needs = {c.object_id};
  return {s};
}

}  // namespace

std::vector<std::string> ExpressionNeeds(const model::Expr& e, const model::Table* table) {
  const std::string& expr = e.key;
  std::vector<std::string> needs;
  if (expr.empty()) return needs;
  // nextval('name') / nextval('schema.name'): the canonical form drops the ::regclass cast.
  for (size_t pos = expr.find("nextval('"); pos != std::string::npos;
       pos = expr.find("nextval('", pos + 1)) {
    size_t start = pos + 9;
    size_t end = expr.find('\'', start);
    if (end == std::string::npos) break;
    std::string name = expr.substr(start, end - start);
    auto dot = name.find('.');
    QualifiedName qn = dot == std::string::npos
                           ? QualifiedName{model::DefaultSchema(), name}
                           : QualifiedName{name.substr(0, dot), name.substr(dot + 1)};
    needs.push_back(SequenceId(qn));
  }
  Append(needs, FunctionCallNeeds(expr));  // user functions called: created first
  if (!table) return needs;
  for (const auto& col : model::ReferencedColumns(*table, expr))
    needs.push_back(ColumnId(table->name, col));
  return needs;
}

namespace {

std::vector<Step> LowerChange(const diff::Change& change, const LowerContext& ctx) {
  return std::visit(Overloaded{
                        [](const diff::CreateSchema& c) { return LowerCreateSchema(c); },
                        [](const diff::DropSchema& c) { return LowerDropSchema(c); },
                        [&](const diff::CreateTable& c) { return LowerCreateTable(c, ctx); },
                        [&](const diff::DropTable& c) { return LowerDropTable(c, ctx); },
                        [](const diff::RenameTable& c) { return LowerRenameTable(c); },
                        [&](const diff::AddColumn& c) { return LowerAddColumn(c, ctx); },
                        [&](const diff::DropColumn& c) { return LowerDropColumn(c, ctx); },
                        [](const diff::RenameColumn& c) { return LowerRenameColumn(c); },
                        [&](const diff::AlterColumn& c) { return LowerAlterColumn(c, ctx); },
                        [&](const diff::AddConstraint& c) { return LowerAddConstraint(c, ctx); },
                        [&](const diff::DropConstraint& c) { return LowerDropConstraint(c, ctx); },
                        [](const diff::RenameConstraint& c) { return LowerRenameConstraint(c); },
                        [&](const diff::CreateIndex& c) { return LowerCreateIndex(c, ctx); },
                        [&](const diff::DropIndex& c) { return LowerDropIndex(c, ctx); },
                        [](const diff::RenameIndex& c) { return LowerRenameIndex(c); },
                        [](const diff::CreateSequence& c) { return LowerCreateSequence(c); },
                        [](const diff::DropSequence& c) { return LowerDropSequence(c); },
                        [](const diff::AlterSequence& c) { return LowerAlterSequence(c); },
                        [](const diff::SetComment& c) { return LowerSetComment(c); },
                        [](const diff::SetStatistics& c) { return LowerSetStatistics(c); },
                        [&](const diff::TypeChange& c) { return LowerTypeChange(c, ctx); },
                        [&](const diff::SecurityChange& c) { return LowerSecurityChange(c, ctx); },
                        [&](const diff::CreateView& c) { return LowerCreateView(c, ctx); },
                        [&](const diff::DropView& c) { return LowerDropView(c, ctx); },
                        [&](const diff::ReplaceView& c) { return LowerReplaceView(c, ctx); },
                        [&](const diff::RoutineChange& c) { return LowerRoutineChange(c, ctx); },
                        [&](const diff::AlterTable& c) { return LowerAlterTable(c, ctx); },
                    },
                    change);
}

}  // namespace

// Removals of whole objects (columns, tables, sequences, functions, schemas, types) wait
// until the application no longer uses them: the contract phase. So do views and triggers the
// desired schema no longer has at all (the running application may still read the view, or
// rely on the trigger, e.g. one that keeps an old column in step); dropped to be created again,
// they stay where they are, as index and constraint drops do, which mostly make room for a
// replacement.
std::vector<Step> Lower(const diff::Change& change, const LowerContext& ctx) {
  auto steps = LowerChange(change, ctx);
  const bool gone = std::visit(
      Overloaded{
          [&](const diff::DropView& c) { return !ctx.to.views.count(c.view.name); },
          [&](const diff::DropTable& c) { return !ctx.to.tables.count(c.table.name); },
          [&](const diff::RoutineChange& c) {
            const auto* drop = std::get_if<diff::DropTrigger>(&c.change);
            return drop && !ctx.to.triggers.count({drop->trigger.table, drop->trigger.name});
          },
          [](const auto&) { return false; },
      },
      change);
  for (auto& s : steps)
    if (s.rank >= kRankDropColumn || gone) s.phase = Phase::kContract;
  return steps;
}

void IndexTables(LowerContext& ctx) {
  for (const auto& [qn, index] : ctx.from.indexes) ctx.from_indexes[index.table].push_back(&index);
  for (const auto& [qn, index] : ctx.to.indexes) ctx.to_indexes[index.table].push_back(&index);
}

const std::vector<const model::Index*>& LowerContext::IndexesOn(
    const model::Catalog& catalog, const model::QualifiedName& table) const {
  static const std::vector<const model::Index*> kNone;
  const auto& by_table = &catalog == &from ? from_indexes : to_indexes;
  auto it = by_table.find(table);
  return it == by_table.end() ? kNone : it->second;
}

}  // namespace keel::planner::postgres
