// Column type changes on populated tables: expand/contract instead of a rewrite under ACCESS
// EXCLUSIVE (see ChangeColumnTypeOnline in lower_online.h).
#include <fmt/format.h>

#include <algorithm>

#include "diff/differ.h"
#include "model/normalize.h"
#include "planner/postgres/lower_online.h"
#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::ColumnId;
using diff::IndexId;
using model::ConstraintKind;
using model::QualifiedName;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool Mentions(const model::Table& table, const model::Expr& expr, const std::string& column) {
  return !expr.empty() && Contains(model::ReferencedColumns(table, expr.key), column);
}

std::string KindName(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::kPrimaryKey:
      return "primary key";
    case ConstraintKind::kUnique:
      return "unique constraint";
    case ConstraintKind::kCheck:
      return "check constraint";
    case ConstraintKind::kForeignKey:
      return "foreign key";
    case ConstraintKind::kExclude:
      return "exclusion constraint";
  }
  return "constraint";
}

// An index over the column that keeps its definition: keel builds it again on the new column.
// Only plain key and INCLUDE columns are renamed; an expression or predicate blocks the online
// path (OnlineTypeChangeBlocker).
struct Rebuilt {
  model::Index old;
  model::Index desired;
};

std::vector<Rebuilt> IndexesToRebuild(const diff::AlterColumn& c, const LowerContext& ctx) {
  std::vector<Rebuilt> out;
  const std::string col = model::QuoteIdent(c.from.name);
  for (const model::Index* i : ctx.IndexesOn(ctx.from, c.table)) {
    const model::Index& index = *i;
    const model::QualifiedName& qn = index.name;
    bool uses = Contains(index.include, c.from.name);
    for (const auto& k : index.keys) uses = uses || (!k.is_expression && k.expr.key == col);
    auto next = ctx.to.indexes.find(qn);
    // A changed or dropped index is dropped before the swap and created after it by the diff.
    if (uses && next != ctx.to.indexes.end() && diff::SameIndex(index, next->second))
      out.push_back({index, next->second});
  }
  return out;
}

// A primary key or unique constraint over the column (and no other retyped column) that the
// desired schema keeps as it is: keel builds its index again on the new column and moves the
// constraint over in the swap (foreign keys referencing it block the online path earlier).
bool KeyToRebuild(const model::Constraint& con, const model::Table& table,
                  const model::Table* after, const std::string& column) {
  if (con.kind != ConstraintKind::kPrimaryKey && con.kind != ConstraintKind::kUnique) return false;
  const model::Constraint* next = after ? after->FindConstraint(con.name) : nullptr;
  if (!next || next->kind != con.kind || next->columns != con.columns ||
      next->deferrable != con.deferrable || next->initially_deferred != con.initially_deferred ||
      next->nulls_not_distinct != con.nulls_not_distinct)
    return false;
  for (const auto& name : con.columns) {
    const model::Column* a = table.FindColumn(name);
    const model::Column* b = after->FindColumn(name);
    if (name != column && (!a || !b || a->type != b->type)) return false;
  }
  return true;
}

}  // namespace

std::string OnlineTypeChangeBlocker(const diff::AlterColumn& c, const LowerContext& ctx) {
  const model::Table* table = FindTable(ctx.from, c.table);
  const model::Table* after = FindTable(ctx.to, c.table);
  if (!table) return "the table is new";
  const std::string& name = c.from.name;
  const std::string col = model::QuoteIdent(name);
  if (c.from.identity != model::Identity::kNone || c.to.identity != model::Identity::kNone ||
      !c.from.generated.empty() || !c.to.generated.empty())
    return "an identity or generated column";
  if (!table->inherits.empty()) return "the table inherits from another";
  for (const auto& [qn, other] : ctx.from.tables) {
    for (const auto& parent : other.inherits)
      if (parent == c.table) return "table " + qn.Display() + " inherits from it";
    for (const auto& con : other.constraints)
      if (con.kind == ConstraintKind::kForeignKey && con.ref_table == c.table &&
          Contains(con.ref_columns, name))
        return "foreign key " + con.name + " on " + qn.Display() + " references the column";
  }
  for (const auto& [qn, seq] : ctx.from.sequences)
    if (seq.owned_by_table == c.table && seq.owned_by_column == name)
      return "sequence " + qn.Display() + " is owned by the column";
  for (const auto& con : table->constraints) {
    bool uses = Contains(con.columns, name) || Mentions(*table, con.check_expr, name) ||
                (con.kind == ConstraintKind::kExclude &&
                 Contains(model::ReferencedColumns(*table, con.definition), name));
    if (uses && !KeyToRebuild(con, *table, after, name))
      return KindName(con.kind) + " " + con.name + " is over the column";
  }
  for (const auto& other : table->columns)
    if (Mentions(*table, other.generated, name))
      return "generated column " + other.name + " is computed from the column";
  for (const model::Index* i : ctx.IndexesOn(ctx.from, c.table)) {
    const model::Index& index = *i;
    const model::QualifiedName& qn = index.name;
    bool in_expression = Mentions(*table, index.where, name);
    for (const auto& k : index.keys)
      in_expression = in_expression || (k.is_expression && Mentions(*table, k.expr, name));
    if (in_expression) return "index " + qn.name + " uses the column in an expression or predicate";
    bool plain = Contains(index.include, name);
    for (const auto& k : index.keys) plain = plain || (!k.is_expression && k.expr.key == col);
    if (plain && !index.statistics.empty())
      return "index " + qn.name + " has statistics targets a rebuild would lose";
    // Each retyped column rebuilds its indexes under the same temporary names.
    std::vector<std::string> covered = index.include;
    for (const auto& k : index.keys)
      if (!k.is_expression) covered.push_back(k.expr.key);
    for (const auto& other : table->columns) {
      const model::Column* next = after ? after->FindColumn(other.name) : nullptr;
      if (plain && other.name != name && next && next->type != other.type &&
          (Contains(covered, other.name) || Contains(covered, model::QuoteIdent(other.name))))
        return "index " + qn.name + " also covers " + other.name + ", whose type changes too";
    }
  }
  for (const auto& [qn, view] : ctx.from.views)
    if (std::find(view.relations.begin(), view.relations.end(), c.table) != view.relations.end() &&
        (Contains(view.column_refs, name) || Contains(view.column_refs, "*")))
      return std::string(view.materialized ? "materialized view " : "view ") + qn.Display() +
             " reads the column";
  for (auto p = ctx.from.policies.lower_bound({c.table, ""});
       p != ctx.from.policies.end() && p->first.first == c.table; ++p)
    if (const model::Policy& policy = p->second;
        Mentions(*table, policy.using_expr, name) || Mentions(*table, policy.check_expr, name))
      return "policy " + policy.name + " reads the column";
  for (auto t = ctx.from.triggers.lower_bound({c.table, ""});
       t != ctx.from.triggers.end() && t->first.first == c.table; ++t) {
    const model::Trigger& trigger = t->second;
    // UPDATE OF and WHEN bind to the column itself, which the swap renames away; a BEFORE
    // trigger may set the column after keel's sync trigger has copied it.
    if (Contains(trigger.update_columns, name) || Mentions(*table, trigger.when, name))
      return "trigger " + trigger.name + " fires on the column";
    if (trigger.timing == "BEFORE" && trigger.for_each_row)
      return "BEFORE trigger " + trigger.name + " may change the column after keel copies it";
  }
  for (const auto& [p, grant] : ctx.from.privileges)
    if (p.column == name &&
        (p.object == "TABLE " + c.table.Sql() || p.object == "TABLE " + c.table.Display()))
      return "column privileges are granted on it";
  return "";
}

std::vector<Step> ChangeColumnTypeOnline(const diff::AlterColumn& c, const LowerContext& ctx,
                                         const std::vector<std::string>& needs,
                                         const std::vector<std::string>& releases, bool via_text) {
  const model::Table& table = *FindTable(ctx.from, c.table);
  const std::string& name = c.to.name;
  const std::string object = ColumnId(c.table, name);
  const std::string where = c.table.Display() + "." + name;
  const std::string col = model::QuoteIdent(name);
  const std::string shadow_name = model::MakeObjectName(name, "", "keel_new");
  const std::string old_name = model::MakeObjectName(name, "", "keel_old");
  const std::string shadow = model::QuoteIdent(shadow_name);
  const std::string old = model::QuoteIdent(old_name);
  const QualifiedName sync{c.table.schema, model::MakeObjectName(c.table.name, name, "keel_sync")};
  const std::string trigger = model::QuoteIdent(sync.name);
  const std::string via = via_text ? "::text" : "";
  const std::string alter = AlterTable(c.table);
  const std::vector<Rebuilt> indexes = IndexesToRebuild(c, ctx);

  // Expand: the new column beside the old one, nullable and without a default (no rewrite).
  model::Column bare;
  bare.name = shadow_name;
  bare.type = c.to.type;
  bare.collation = c.to.collation;
  Step add = MakeStep(
      object,
      "add column " + c.table.Display() + "." + shadow_name + " (" + c.to.type + ") beside " + name,
      kRankAlterColumn);
  add.sql = {alter + "ADD COLUMN " + sql::ColumnDefinition(bare)};
  if (c.to.statistics >= 0)
    add.sql.push_back(alter + "ALTER COLUMN " + shadow + " SET STATISTICS " +
                      std::to_string(c.to.statistics));
  add.rollback_sql = {alter + "DROP COLUMN IF EXISTS " + shadow};
  add.lock_table = c.table.Display();
  add.needs = needs;

  // Every write from here on sets the new column from the old one.
  const std::string function = fmt::format(
      "CREATE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $keel$\nBEGIN\n"
      "  NEW.{} := NEW.{}{}::{};\n  RETURN NEW;\nEND\n$keel$",
      sync.Sql(), shadow, col, via, c.to.type);
  const std::string create_trigger = fmt::format(
      "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()", trigger,
      c.table.Sql(), sync.Sql());
  const std::string drop_trigger = "DROP TRIGGER IF EXISTS " + trigger + " ON " + c.table.Sql();
  Step copy = MakeStep(object, "sync " + shadow_name + " from " + where + " on every write",
                       kRankAlterColumn, LockLevel::kShareRowExclusive);
  copy.sql = {function, create_trigger};
  copy.rollback_sql = {drop_trigger, "DROP FUNCTION IF EXISTS " + sync.Sql() + "()"};
  copy.lock_table = c.table.Display();

  // Backfill: rows written before the trigger existed, in key batches (the trigger computes the
  // same value for the rows it touches).
  Backfill b;
  b.table = c.table.Sql();
  b.column = shadow;
  b.value = col + via + "::" + c.to.type;
  b.pending = shadow + " IS NULL AND " + col + " IS NOT NULL";
  b.key = BatchKey(table, ctx.from);
  const bool key_column =
      std::any_of(b.key.begin(), b.key.end(), [&](const auto& k) { return k.first == col; });
  Step fill = BackfillStep(std::move(b), object, "backfill " + shadow_name + " from " + where,
                           ctx.settings);

  std::vector<Step> steps = {std::move(add), std::move(copy), std::move(fill)};
  // NOT NULL through a validated check, before the swap: the trigger fills the new column on
  // every write, so the application's inserts satisfy it.
  if (c.to.not_null)
    for (auto& s : SetNotNullOnline(c.table, shadow_name)) steps.push_back(std::move(s));
  for (const auto& r : indexes) {
    model::Index building = r.desired;
    building.name = {r.desired.name.schema, ReplacementName(r.desired)};
    for (auto& k : building.keys)
      if (!k.is_expression && k.expr.key == col) k.expr = model::Expr(shadow);
    std::replace(building.include.begin(), building.include.end(), name, shadow_name);
    steps.push_back(ConcurrentBuild(IndexId(r.desired.name),
                                    "build index " + r.desired.name.Display() + " on " +
                                        shadow_name + " as " + building.name.name,
                                    kRankAlterColumn, sql::CreateIndex(building, true),
                                    building.name, c.table));
  }

  // Primary key and unique constraints: their unique index on the new column, built the same way.
  std::vector<std::pair<model::Constraint, model::Constraint>> keys;  // old, desired
  const model::Table* after = FindTable(ctx.to, c.table);
  for (const auto& con : table.constraints)
    if (Contains(con.columns, name) && KeyToRebuild(con, table, after, name))
      keys.emplace_back(con, *after->FindConstraint(con.name));
  for (const auto& [before, con] : keys) {
    model::Constraint moved = con;
    std::replace(moved.columns.begin(), moved.columns.end(), name, shadow_name);
    const model::Index index =
        ConstraintIndex(c.table, moved, model::MakeObjectName(con.name, "", "keel_new"));
    steps.push_back(ConcurrentBuild(
        diff::ConstraintId(c.table, con.name),
        "build unique index of " + con.name + " on " + shadow_name + " as " + index.name.name,
        kRankAlterColumn, sql::CreateIndex(index, true), index.name, c.table));
  }

  // Swap: catalog-only statements under one short ACCESS EXCLUSIVE lock.
  Step swap = MakeStep(object, "swap " + where + " to " + c.to.type, kRankAlterColumn);
  swap.sql = {"DROP TRIGGER " + trigger + " ON " + c.table.Sql()};
  for (const auto& [before, con] : keys)
    swap.sql.push_back(alter + "DROP CONSTRAINT " + model::QuoteIdent(con.name));
  Append(swap.sql, {alter + "RENAME COLUMN " + col + " TO " + old,
                    alter + "RENAME COLUMN " + shadow + " TO " + col});
  // The old column stops getting values: nothing may require one.
  if (!c.from.default_expr.empty())
    swap.sql.push_back(alter + "ALTER COLUMN " + old + " DROP DEFAULT");
  if (c.from.not_null) swap.sql.push_back(alter + "ALTER COLUMN " + old + " DROP NOT NULL");
  if (!c.to.default_expr.empty())
    swap.sql.push_back(alter + "ALTER COLUMN " + col + " SET DEFAULT " + c.to.default_expr.sql);
  if (c.to.comment)
    swap.sql.push_back(sql::Comment("COLUMN " + c.table.Sql() + "." + col, c.to.comment));
  for (const auto& [before, con] : keys) {
    swap.sql.push_back(
        AddConstraintUsingIndex(c.table, con, model::MakeObjectName(con.name, "", "keel_new")));
    if (con.comment)
      swap.sql.push_back(sql::Comment(
          "CONSTRAINT " + model::QuoteIdent(con.name) + " ON " + c.table.Sql(), con.comment));
  }
  for (const auto& r : indexes) {
    const QualifiedName temp{r.desired.name.schema, ReplacementName(r.desired)};
    swap.sql.push_back("DROP INDEX " + r.old.name.Sql());
    swap.sql.push_back("ALTER INDEX " + temp.Sql() + " RENAME TO " +
                       model::QuoteIdent(r.desired.name.name));
    if (r.desired.comment)
      swap.sql.push_back(sql::Comment("INDEX " + r.desired.name.Sql(), r.desired.comment));
  }
  // Undo: the old column takes every row's value back (rows written since the swap have none),
  // and its indexes are built again, under the lock.
  for (const auto& r : indexes) {
    const QualifiedName temp{r.desired.name.schema, ReplacementName(r.desired)};
    swap.rollback_sql.push_back("ALTER INDEX " + r.desired.name.Sql() + " RENAME TO " +
                                model::QuoteIdent(temp.name));
  }
  for (const auto& [before, con] : keys)
    swap.rollback_sql.push_back(alter + "DROP CONSTRAINT " + model::QuoteIdent(con.name));
  if (!c.to.default_expr.empty())
    swap.rollback_sql.push_back(alter + "ALTER COLUMN " + col + " DROP DEFAULT");
  Append(swap.rollback_sql,
         {alter + "RENAME COLUMN " + col + " TO " + shadow,
          alter + "RENAME COLUMN " + old + " TO " + col,
          "UPDATE " + c.table.Sql() + " SET " + col + " = " + shadow + via + "::" + c.from.type});
  if (!c.from.default_expr.empty())
    swap.rollback_sql.push_back(alter + "ALTER COLUMN " + col + " SET DEFAULT " +
                                c.from.default_expr.sql);
  if (c.from.not_null) swap.rollback_sql.push_back(alter + "ALTER COLUMN " + col + " SET NOT NULL");
  // Lost when the contract phase dropped the old column.
  if (c.from.comment)
    swap.rollback_sql.push_back(
        sql::Comment("COLUMN " + c.table.Sql() + "." + col, c.from.comment));
  for (const auto& r : indexes) {
    swap.rollback_sql.push_back(sql::CreateIndex(r.old, false));
    if (r.old.comment)
      swap.rollback_sql.push_back(sql::Comment("INDEX " + r.old.name.Sql(), r.old.comment));
  }
  for (const auto& [before, con] : keys) {
    swap.rollback_sql.push_back(alter + "ADD CONSTRAINT " + model::QuoteIdent(before.name) + " " +
                                sql::ConstraintDefinition(before));
    if (before.comment)
      swap.rollback_sql.push_back(sql::Comment(
          "CONSTRAINT " + model::QuoteIdent(before.name) + " ON " + c.table.Sql(), before.comment));
  }
  swap.rollback_sql.push_back(create_trigger);
  swap.reversibility = Reversibility::kLossy;
  swap.rollback_note =
      "converting back fails for values the old type cannot hold; the undo "
      "rewrites every row and rebuilds the old indexes under ACCESS EXCLUSIVE";
  swap.own_transaction = true;
  swap.lock_table = c.table.Display();
  swap.removes = {TypeId(object)};
  if (key_column) swap.removes.push_back(BatchKeyId(c.table.Sql()));
  swap.provides = {TypeId(object)};
  if (c.to.not_null) swap.provides.push_back(NotNullId(c.table, name));
  if (c.from.not_null && !c.to.not_null) swap.removes.push_back(NotNullId(c.table, name));
  steps.push_back(std::move(swap));

  // Contract: the old column (with its indexes) and the sync function go.
  model::Column previous = c.from;
  previous.name = old_name;
  previous.not_null = false;
  previous.default_expr = {};
  previous.comment.reset();
  Step drop =
      MakeStep(object, "drop column " + c.table.Display() + "." + old_name, kRankDropColumn);
  drop.sql = {alter + "DROP COLUMN " + old, "DROP FUNCTION " + sync.Sql() + "()"};
  drop.rollback_sql = {alter + "ADD COLUMN " + sql::ColumnDefinition(previous), function};
  drop.reversibility = Reversibility::kLossy;
  drop.rollback_note = "the old column comes back empty; undoing the swap fills it again";
  drop.lock_table = c.table.Display();
  drop.releases = releases;
  steps.push_back(std::move(drop));
  Chain(steps, object + ":type");
  return steps;
}

}  // namespace keel::planner::postgres
