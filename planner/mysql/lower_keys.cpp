// Keys and constraints (PRIMARY KEY, FOREIGN KEY, CHECK, indexes) and comments.
#include <algorithm>
#include <cctype>

#include "planner/mysql/lower_util.h"
#include "planner/mysql/online.h"
#include "planner/mysql/render.h"

namespace keel::planner::mysql {
namespace {

using diff::ColumnId;
using diff::ConstraintId;
using diff::TableId;

// The keys of `indexes` (and the primary key of `table`) whose leading columns are `columns`:
// what a foreign key over them uses.
std::vector<std::string> KeysOver(const model::Table* table,
                                  const std::vector<const model::Index*>& indexes,
                                  const std::vector<std::string>& columns) {
  std::vector<std::string> ids;
  auto leads = [&](const std::vector<std::string>& lead) {
    if (lead.size() < columns.size()) return false;
    return std::equal(columns.begin(), columns.end(), lead.begin());
  };
  for (const auto* i : indexes) {
    std::vector<std::string> lead;
    for (const auto& k : i->keys) {
      if (k.is_expression || k.prefix_length > 0) break;
      lead.push_back(k.expr.sql);
    }
    if (leads(lead)) ids.push_back(IndexIdOf(*i));
  }
  if (table)
    if (const auto* pk = table->FindConstraint("PRIMARY"); pk && leads(pk->columns))
      ids.push_back(ConstraintId(table->name, pk->name));
  return ids;
}

bool Existing(const Context& ctx, const model::QualifiedName& table) {
  return !ctx.new_tables.count(table) && FindTable(ctx.from, table);
}

const model::Table& FromTable(const Context& ctx, const model::QualifiedName& name) {
  return ctx.Subject(name);
}

// The index a clause set acts on: "drop and add again" is how MySQL changes a key's comment.
Lowered IndexStep(const model::Index& index, const std::string& what, int rank) {
  return MakeLowered(IndexIdOf(index),
                     what + " index " + index.name.name + " on " + index.table.Display(), rank);
}

}  // namespace

std::vector<std::string> CheckColumns(const model::Table& table, const model::Constraint& check) {
  std::vector<std::string> out;
  std::string expr = check.check_expr.sql;
  for (char& ch : expr) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  for (const auto& col : table.columns) {
    std::string name = col.name;
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (size_t at = expr.find(name); at != std::string::npos; at = expr.find(name, at + 1)) {
      bool starts = at == 0 || !word(expr[at - 1]);
      bool ends = at + name.size() >= expr.size() || !word(expr[at + name.size()]);
      if (starts && ends) {
        out.push_back(col.name);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> IndexNeeds(const model::Index& index) {
  std::vector<std::string> needs = {TableId(index.table)};
  for (const auto& k : index.keys)
    if (!k.is_expression) needs.push_back(ColumnId(index.table, k.expr.sql));
  return needs;
}

std::vector<std::string> ConstraintNeeds(const model::QualifiedName& table,
                                         const model::Constraint& c, const model::Catalog& catalog,
                                         const Context& ctx) {
  std::vector<std::string> needs = {TableId(table)};
  for (const auto& col : c.columns) needs.push_back(ColumnId(table, col));
  // A CHECK stands on the columns its expression names (MariaDB drops it silently with one
  // of them, MySQL refuses to drop the column).
  if (const model::Table* t = FindTable(catalog, table);
      t && c.kind == model::ConstraintKind::kCheck)
    for (const auto& col : CheckColumns(*t, c)) needs.push_back(ColumnId(table, col));
  if (c.kind != model::ConstraintKind::kForeignKey) return needs;
  // Both tables stay InnoDB while a foreign key joins them.
  needs.push_back(EngineId(table));
  needs.push_back(EngineId(c.ref_table));
  for (const auto& col : c.columns) needs.push_back(TypeId(table, col));
  for (const auto& col : c.ref_columns) needs.push_back(TypeId(c.ref_table, col));
  needs.push_back(TableId(c.ref_table));
  for (const auto& col : c.ref_columns) needs.push_back(ColumnId(c.ref_table, col));
  Append(needs, KeysOver(FindTable(catalog, c.ref_table), ctx.IndexesOn(catalog, c.ref_table),
                         c.ref_columns));
  // The local key too: without it the server creates one of the constraint's name.
  Append(needs, KeysOver(nullptr, ctx.IndexesOn(catalog, table), c.columns));
  return needs;
}

// The rows of `table` a foreign key would refuse: every key column set (MATCH SIMPLE) and no
// referenced row with those values.
std::string OrphansQuery(const model::QualifiedName& table, const model::Constraint& fk) {
  std::string where, match;
  for (size_t i = 0; i < fk.columns.size(); ++i) {
    const std::string col = "c." + Ident(fk.columns[i]);
    where += col + " IS NOT NULL AND ";
    match += std::string(i ? " AND " : "") + "p." + Ident(fk.ref_columns[i]) + " = " + col;
  }
  std::string cols;
  for (size_t i = 0; i < fk.columns.size(); ++i)
    cols += std::string(i ? ", " : "") + "c." + Ident(fk.columns[i]);
  return "SELECT " + cols + " FROM " + Name(table) + " AS c WHERE " + where +
         "NOT EXISTS (SELECT 1 FROM " + Name(fk.ref_table) + " AS p WHERE " + match + ")";
}

// A column's own CHECK (named after it) on a column the plan adds or drops is part of that
// ADD / DROP COLUMN.
bool WithItsColumn(const Context& ctx, const model::QualifiedName& table,
                   const model::Constraint& con) {
  if (con.kind != model::ConstraintKind::kCheck) return false;
  const model::Table* from = FindTable(ctx.from, table);
  const model::Table* to = FindTable(ctx.to, table);
  bool before = from && !ctx.new_tables.count(table) && ColumnCheck(*from, con.name) &&
                from->FindColumn(con.name);
  bool after = to && ColumnCheck(*to, con.name) && to->FindColumn(con.name);
  return (after && !(from && from->FindColumn(con.name))) ||
         (before && !(to && to->FindColumn(con.name)));
}

std::vector<Lowered> LowerAddConstraint(const diff::AddConstraint& c, const Context& ctx) {
  const auto& con = c.constraint;
  if (WithItsColumn(ctx, c.table, con)) return {};
  const bool existing = Existing(ctx, c.table);
  const model::Table& from = FromTable(ctx, c.table);
  const bool fk = con.kind == model::ConstraintKind::kForeignKey;
  Lowered l = MakeLowered(ConstraintId(c.table, con.name),
                          "add constraint " + con.name + " on " + c.table.Display(),
                          fk ? kRankAddForeignKey : kRankAddConstraint);
  l.step.provides = {ConstraintId(c.table, con.name)};
  l.step.needs = ConstraintNeeds(c.table, con, ctx.to, ctx);
  switch (con.kind) {
    case model::ConstraintKind::kPrimaryKey: {
      // Rebuilds the clustered index in place; writes go on. A primary key is replaced in one
      // statement: dropped alone it would copy the table (and its rollback could not run).
      Algorithm algo = Online(from) ? Algorithm::kInplace : Algorithm::kCopy;
      l.alter = MakeAlter(c.table, algo, {"ADD " + ConstraintDefinition(con), kAddKey});
      const model::Table* before = FindTable(ctx.from, c.table);
      const model::Constraint* old = before ? before->FindConstraint("PRIMARY") : nullptr;
      if (old && existing) {
        l.alter->clauses.insert(l.alter->clauses.begin(), {"DROP PRIMARY KEY", kDropKey});
        l.undo =
            Alter{c.table,
                  {{"DROP PRIMARY KEY", kDropKey}, {"ADD " + ConstraintDefinition(*old), kAddKey}},
                  algo,
                  false};
        l.step.removes.push_back(ConstraintId(c.table, old->name));
        Append(l.step.releases, ConstraintNeeds(c.table, *old, ctx.from, ctx));
        // Its old columns go away in the contract phase: so does the old key.
        const model::Table* after = FindTable(ctx.to, c.table);
        for (const auto& col : old->columns)
          if (after && !after->FindColumn(col)) l.step.phase = Phase::kContract;
      }
      if (existing)
        l.step.hazards = {
            {HazardCode::kIndexBuild, "rebuilds " + c.table.Display() + " on the new primary key"},
            {HazardCode::kValidatesData, "fails if the key columns hold duplicates"}};
      break;
    }
    case model::ConstraintKind::kForeignKey:
      if (existing && Online(from)) {
        // Checking rows while adding the key would copy the table: the key is added in place
        // with foreign_key_checks off for that statement, then a query finds rows it would
        // have refused (the NOT VALID + VALIDATE of MySQL). Writes are checked from then on.
        l.alter = MakeAlter(c.table, Algorithm::kInplace,
                            {"ADD " + ConstraintDefinition(con), kAddKey}, true);
        l.alter->unchecked = true;
        l.step.expect_empty = {OrphansQuery(c.table, con)};
        l.step.hazards = {{HazardCode::kValidatesData, "then reads every row and looks it up in " +
                                                           con.ref_table.Display() +
                                                           "; writes go on"}};
        break;
      }
      // A table the copy rebuilds anyway, or a new one: the server checks the rows.
      l.alter =
          MakeAlter(c.table, Algorithm::kCopy, {"ADD " + ConstraintDefinition(con), kAddKey}, true);
      if (existing)
        l.step.hazards = {{HazardCode::kValidatesData,
                           "every row is checked against " + con.ref_table.Display()}};
      break;
    default:
      l.alter =
          MakeAlter(c.table, Algorithm::kCopy, {"ADD " + ConstraintDefinition(con), kAddCheck});
      if (existing) l.step.hazards = {{HazardCode::kValidatesData, "every row is checked"}};
  }
  return {l};
}

std::vector<Lowered> LowerDropConstraint(const diff::DropConstraint& c, const Context& ctx) {
  const auto& con = c.constraint;
  if (WithItsColumn(ctx, c.table, con)) return {};
  const model::Table& from = FromTable(ctx, c.table);
  const bool fk = con.kind == model::ConstraintKind::kForeignKey;
  Lowered l = MakeLowered(ConstraintId(c.table, con.name),
                          "drop constraint " + con.name + " on " + c.table.Display(),
                          fk ? kRankDropForeignKey : kRankDropConstraint);
  l.step.removes = {ConstraintId(c.table, con.name)};
  l.step.releases = ConstraintNeeds(c.table, con, ctx.from, ctx);
  // A check over a column that goes away goes with it, in the contract phase.
  if (const model::Table* before = FindTable(ctx.from, c.table);
      before && con.kind == model::ConstraintKind::kCheck)
    for (const auto& col : CheckColumns(*before, con))
      if (const model::Table* after = FindTable(ctx.to, c.table); after && !after->FindColumn(col))
        l.step.phase = Phase::kContract;
  // A key over a column that goes away goes with it (MariaDB keeps an AUTO_INCREMENT column's
  // primary key until the column is dropped in the same statement).
  const model::Table* after = FindTable(ctx.to, c.table);
  for (const auto& col : con.columns)
    if (after && !after->FindColumn(col)) l.step.phase = Phase::kContract;
  switch (con.kind) {
    case model::ConstraintKind::kPrimaryKey: {
      // Replaced: the new key's step drops this one in the same statement.
      const model::Table* to = FindTable(ctx.to, c.table);
      if (to && to->FindConstraint("PRIMARY") && Existing(ctx, c.table)) return {};
      l.alter = MakeAlter(c.table, Algorithm::kCopy, {"DROP PRIMARY KEY", kDropKey});
      break;
    }
    case model::ConstraintKind::kForeignKey:
      l.alter = MakeAlter(c.table, Online(from) ? Algorithm::kInplace : Algorithm::kCopy,
                          {"DROP FOREIGN KEY " + Ident(con.name), kDropKey}, true);
      break;
    default:
      // MySQL 8 drops a CHECK in place, MariaDB copies: no clause, assume the copy.
      l.alter =
          MakeAlter(c.table, Algorithm::kCopy, {"DROP CONSTRAINT " + Ident(con.name), kDropKey});
  }
  return {l};
}

// MySQL renames neither foreign keys nor checks: drop and add under the new name.
std::vector<Lowered> LowerRenameConstraint(const diff::RenameConstraint& c, const Context& ctx) {
  const model::Table* to = FindTable(ctx.to, c.table);
  const model::Constraint* con = to ? to->FindConstraint(c.to) : nullptr;
  if (!con) return {};
  Lowered l = MakeLowered(
      ConstraintId(c.table, c.to),
      "rename constraint " + c.from + " to " + c.to + " on " + c.table.Display(), kRankRename);
  l.step.removes = {ConstraintId(c.table, c.from)};
  l.step.provides = {ConstraintId(c.table, c.to)};
  l.step.needs = ConstraintNeeds(c.table, *con, ctx.to, ctx);
  bool fk = con->kind == model::ConstraintKind::kForeignKey;
  std::string drop = fk ? "DROP FOREIGN KEY " + Ident(c.from) : "DROP CONSTRAINT " + Ident(c.from);
  l.alter = Alter{c.table,
                  {{drop, kDropKey}, {"ADD " + ConstraintDefinition(*con), kAddCheck}},
                  Algorithm::kCopy,
                  true};
  if (Existing(ctx, c.table))
    l.step.hazards = {{HazardCode::kValidatesData, "the constraint is checked again"}};
  return {l};
}

std::vector<Lowered> LowerCreateIndex(const diff::CreateIndex& c, const Context& ctx) {
  const auto& index = c.index;
  if (ctx.new_tables.count(index.table)) return {};  // in its CREATE TABLE
  const model::Table& from = FromTable(ctx, index.table);
  Lowered l = IndexStep(index, "create", kRankCreateIndex);
  l.step.provides = {IndexIdOf(index)};
  l.step.needs = IndexNeeds(index);
  bool special =
      index.method == "fulltext" || index.method == "spatial" || index.method == "vector";
  bool functional = std::any_of(index.keys.begin(), index.keys.end(),
                                [](const model::IndexKey& k) { return k.is_expression; });
  // FULLTEXT and SPATIAL keys are built under a shared lock, one per statement; functional keys,
  // and MariaDB's UNIQUE ... USING HASH keys, add a hidden column: the server picks, keel assumes a
  // copy.
  Algorithm algo =
      Online(from) && !special && !functional && !(index.unique && index.method == "hash")
          ? Algorithm::kInplace
          : Algorithm::kCopy;
  l.alter = MakeAlter(index.table, algo,
                      {"ADD " + IndexDefinition(index, ctx.Rendered(index.table).engine), kAddKey},
                      special);
  l.step.hazards = {{HazardCode::kIndexBuild, "builds " + index.name.name + " over every row"}};
  if (index.unique)
    l.step.hazards.push_back({HazardCode::kValidatesData, "fails if the key holds duplicates"});
  return {l};
}

std::vector<Lowered> LowerDropIndex(const diff::DropIndex& c, const Context& ctx) {
  const auto& index = c.index;
  const model::Table& from = FromTable(ctx, index.table);
  Lowered l = IndexStep(index, "drop", kRankDropIndex);
  l.step.removes = {IndexIdOf(index)};
  l.step.releases = IndexNeeds(index);
  // A key over a column that goes away serves the application until the column does.
  const model::Table* after = FindTable(ctx.to, index.table);
  for (const auto& k : index.keys)
    if (!k.is_expression && after && !after->FindColumn(k.expr.sql))
      l.step.phase = Phase::kContract;
  l.alter = MakeAlter(index.table, Online(from) ? Algorithm::kInplace : Algorithm::kCopy,
                      {"DROP INDEX " + Ident(index.name.name), kDropKey});
  return {l};
}

std::vector<Lowered> LowerRenameIndex(const diff::RenameIndex& c, const Context& ctx) {
  auto from = ctx.from.indexes.find(c.from);
  auto to = ctx.to.indexes.find(c.to);
  if (from == ctx.from.indexes.end() || to == ctx.to.indexes.end()) return {};
  const model::Table& table = FromTable(ctx, from->second.table);
  Lowered l = IndexStep(to->second, "rename", kRankRename);
  l.step.description = "rename index " + from->second.name.name + " to " + to->second.name.name +
                       " on " + to->second.table.Display();
  l.step.removes = {IndexIdOf(from->second)};
  l.step.provides = {IndexIdOf(to->second)};
  l.step.needs = {TableId(to->second.table)};
  l.alter = MakeAlter(
      to->second.table, Online(table) ? Algorithm::kInstant : Algorithm::kCopy,
      {"RENAME INDEX " + Ident(from->second.name.name) + " TO " + Ident(to->second.name.name),
       kModifyColumn},
      true);
  // Undone before the table's own rename is: under the table's new name too.
  l.undo = l.alter;
  l.undo->clauses = {
      {"RENAME INDEX " + Ident(to->second.name.name) + " TO " + Ident(from->second.name.name),
       kModifyColumn}};
  return {l};
}

// COMMENT ON has no MySQL form: a table's is a table option, a column's is restated with the
// whole column, a key's by dropping and adding the key again. Comments of new objects are in
// the statements that create them.
std::vector<Lowered> LowerComment(const diff::SetComment& c, const Context& ctx) {
  if (c.target.rfind("TABLE ", 0) == 0) {
    for (const auto& [qn, t] : ctx.to.tables) {
      if (TableId(qn) != c.object_id) continue;
      if (!Existing(ctx, qn)) return {};
      Lowered l = MakeLowered(c.object_id, "set comment on table " + qn.Display(), kRankComment);
      l.step.needs = {TableId(qn)};
      l.alter = MakeAlter(qn, Online(ctx.Subject(qn)) ? Algorithm::kInplace : Algorithm::kCopy,
                          {"COMMENT=" + Literal(t.comment.value_or("")), kTableOption});
      return {l};
    }
    return {};
  }
  if (c.target.rfind("COLUMN ", 0) == 0) {
    for (const auto& [qn, t] : ctx.to.tables) {
      for (const auto& col : t.columns) {
        if (ColumnId(qn, col.name) != c.object_id) continue;
        const model::Table* from = FindTable(ctx.from, qn);
        if (!Existing(ctx, qn) || !from) return {};
        // A new column (or one renamed into this name) carries its comment already.
        if (!from->FindColumn(col.name) &&
            (col.renamed_from.empty() || !from->FindColumn(col.renamed_from)))
          return {};
        Lowered l = MakeLowered(
            c.object_id, "set comment on column " + qn.Display() + "." + col.name, kRankComment);
        l.step.needs = {TableId(qn), c.object_id};
        // MariaDB re-adds a column's own CHECK with the column: a copy.
        bool online = Online(ctx.Subject(qn)) && !ColumnCheck(t, col.name);
        l.alter =
            MakeAlter(qn, online ? Algorithm::kInplace : Algorithm::kCopy,
                      {"MODIFY COLUMN " + ColumnDefinition(col, ctx.Rendered(qn)), kModifyColumn});
        return {l};
      }
    }
    return {};
  }
  if (c.target.rfind("INDEX ", 0) == 0) {
    for (const auto& [key, index] : ctx.to.indexes) {
      if (IndexIdOf(index) != c.object_id) continue;
      auto old = ctx.from.indexes.find(key);
      if (old == ctx.from.indexes.end() || !Existing(ctx, index.table)) return {};
      Lowered l = IndexStep(index, "set comment on", kRankComment);
      l.step.needs = IndexNeeds(index);
      l.step.provides = {IndexIdOf(index)};
      l.step.removes = {IndexIdOf(index)};
      bool special = index.method == "fulltext" || index.method == "spatial";
      l.alter = Alter{
          index.table,
          {{"DROP INDEX " + Ident(index.name.name), kDropKey},
           {"ADD " + IndexDefinition(index, ctx.Rendered(index.table).engine), kAddKey}},
          Online(FromTable(ctx, index.table)) && !special ? Algorithm::kInplace : Algorithm::kCopy,
          special};
      l.step.hazards = {{HazardCode::kIndexBuild, "builds " + index.name.name + " again"}};
      return {l};
    }
    return {};
  }
  if (c.target.rfind("FUNCTION ", 0) == 0 || c.target.rfind("PROCEDURE ", 0) == 0) {
    for (const auto& [key, fn] : ctx.to.functions) {
      if (fn.ObjectSql() != c.target) continue;
      if (!ctx.from.functions.count(key)) return {};  // in its CREATE
      std::string kind = fn.is_procedure ? "PROCEDURE" : "FUNCTION";
      Lowered l = MakeLowered(diff::FunctionId(fn.name),
                              "set comment on routine " + fn.name.Display(), kRankComment);
      l.step.needs = {diff::FunctionId(fn.name)};
      l.step.sql = {"ALTER " + kind + " " + Name(fn.name) + " COMMENT " +
                    Literal(fn.comment.value_or(""))};
      return {l};
    }
    return {};
  }
  return {};  // MySQL constraints and databases carry no comments
}

}  // namespace keel::planner::mysql
