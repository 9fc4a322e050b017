// Tables, columns, views, stored programs and databases; the dispatch over every change.
#include "planner/mysql/lower.h"

#include <algorithm>

#include "model/overloaded.h"
#include "planner/mysql/lower_util.h"
#include "planner/mysql/online.h"
#include "planner/mysql/render.h"

namespace keel::planner::mysql {
namespace {

using diff::ColumnId;
using diff::TableId;

std::vector<std::string> ColumnNeeds(const model::QualifiedName& t) {
  std::vector<std::string> needs = {TableId(t)};
  if (!t.schema.empty()) needs.push_back(diff::SchemaId(t.schema));
  return needs;
}

// FIRST, AFTER `prev`, or nothing when the column is the desired table's last; the previous
// column is needed (it may be new too).
std::string Position(const model::Table& table, const std::string& column, int* place,
                     std::vector<std::string>* needs) {
  auto it = std::find_if(table.columns.begin(), table.columns.end(),
                         [&](const model::Column& c) { return c.name == column; });
  *place = static_cast<int>(it - table.columns.begin());
  if (it == table.columns.begin()) return " FIRST";
  if (it == table.columns.end()) return "";
  needs->push_back(ColumnId(table.name, std::prev(it)->name));
  return std::next(it) == table.columns.end() ? "" : " AFTER " + Ident(std::prev(it)->name);
}

std::vector<Lowered> CreateSchema(const diff::CreateSchema& c) {
  Lowered l = MakeLowered(diff::SchemaId(c.schema.name), "create database " + c.schema.name,
                          kRankCreateSchema);
  l.step.sql = {"CREATE DATABASE " + Ident(c.schema.name)};
  l.step.provides = {diff::SchemaId(c.schema.name)};
  return {l};
}

std::vector<Lowered> DropSchema(const diff::DropSchema& c) {
  Lowered l =
      MakeLowered(diff::SchemaId(c.schema.name), "drop database " + c.schema.name, kRankDropSchema);
  l.step.sql = {"DROP DATABASE " + Ident(c.schema.name)};
  l.step.removes = {diff::SchemaId(c.schema.name)};
  l.step.hazards = {{HazardCode::kDataLoss, "drops database " + c.schema.name}};
  l.step.reversibility = Reversibility::kLossy;
  l.step.rollback_note = "the database comes back empty";
  l.step.lock = LockLevel::kAccessExclusive;
  return {l};
}

std::vector<Lowered> CreateTable(const diff::CreateTable& c, const Context& ctx) {
  const auto& t = c.table;
  Lowered l = MakeLowered(TableId(t.name), "create table " + t.name.Display(), kRankCreateTable);
  // Its keys are part of the statement: the server builds them on an empty table for free.
  const auto& indexes = ctx.IndexesOn(ctx.to, t.name);
  l.step.sql = {mysql::CreateTable(t, indexes)};
  l.step.provides = {TableId(t.name)};
  if (!t.name.schema.empty()) l.step.needs = {diff::SchemaId(t.name.schema)};
  for (const auto& col : t.columns) l.step.provides.push_back(ColumnId(t.name, col.name));
  for (const auto& con : t.constraints) {
    l.step.provides.push_back(diff::ConstraintId(t.name, con.name));
    for (const auto& n : ConstraintNeeds(t.name, con, ctx.to, ctx))
      if (n.rfind("column:", 0) != 0 && n.rfind("index:", 0) != 0 && n != TableId(t.name))
        l.step.needs.push_back(n);
  }
  for (const auto* i : indexes) l.step.provides.push_back(IndexIdOf(*i));
  return {l};
}

std::vector<Lowered> DropTable(const diff::DropTable& c, const Context& ctx) {
  const auto& t = c.table;
  Lowered l = MakeLowered(TableId(t.name), "drop table " + t.name.Display(), kRankDropTable);
  l.step.sql = {"DROP TABLE " + Name(t.name)};
  l.step.lock = LockLevel::kAccessExclusive;
  l.step.lock_table = t.name.Display();
  l.step.hazards = {{HazardCode::kDataLoss, "drops table " + t.name.Display() + " and its rows"}};
  l.step.reversibility = Reversibility::kLossy;
  l.step.rollback_note = "the table comes back empty";
  l.step.removes = {TableId(t.name)};
  for (const auto& col : t.columns) l.step.removes.push_back(ColumnId(t.name, col.name));
  for (const auto& con : t.constraints) {
    l.step.removes.push_back(diff::ConstraintId(t.name, con.name));
    // Its foreign keys use the referenced tables' keys until the table is gone.
    if (con.kind == model::ConstraintKind::kForeignKey)
      for (const auto& id : ConstraintNeeds(t.name, con, ctx.from, ctx))
        if (id.find(":" + t.name.Display() + ".") == std::string::npos && id != TableId(t.name))
          l.step.releases.push_back(id);
  }
  for (const auto* i : ctx.IndexesOn(ctx.from, t.name)) l.step.removes.push_back(IndexIdOf(*i));
  if (!t.name.schema.empty()) l.step.releases.push_back(diff::SchemaId(t.name.schema));
  return {l};
}

std::vector<Lowered> RenameTable(const diff::RenameTable& c, const Context& ctx) {
  Lowered l = MakeLowered(
      TableId(c.to), "rename table " + c.from.Display() + " to " + c.to.Display(), kRankRename);
  l.step.sql = {"RENAME TABLE " + Name(c.from) + " TO " + Name(c.to)};
  l.step.lock = LockLevel::kAccessExclusive;
  l.step.lock_table = c.from.Display();
  l.step.hazards = {
      {HazardCode::kRenameBreaksClients,
       "clients using " + c.from.Display() + " fail until they use " + c.to.Display()}};
  // Columns and keys are named after their table: they move with it.
  l.step.removes = {TableId(c.from)};
  l.step.provides = {TableId(c.to)};
  if (const auto* t = FindTable(ctx.from, c.from))
    for (const auto& col : t->columns) l.step.removes.push_back(ColumnId(c.from, col.name));
  if (const auto* t = FindTable(ctx.to, c.to))
    for (const auto& col : t->columns) l.step.provides.push_back(ColumnId(c.to, col.name));
  for (const auto* i : ctx.IndexesOn(ctx.from, c.from)) l.step.removes.push_back(IndexIdOf(*i));
  if (!c.to.schema.empty()) l.step.needs.push_back(diff::SchemaId(c.to.schema));
  return {l};
}

const model::Table& TableOf(const Context& ctx, const model::QualifiedName& name, bool desired) {
  return desired ? ctx.Rendered(name) : ctx.Subject(name);
}

std::vector<Lowered> AddColumn(const diff::AddColumn& c, const Context& ctx) {
  const model::Table& to = TableOf(ctx, c.table, true);
  const model::Table& from = TableOf(ctx, c.table, false);
  Lowered l = MakeLowered(ColumnId(c.table, c.column.name),
                          "add column " + c.table.Display() + "." + c.column.name, kRankAddColumn);
  l.step.provides = {ColumnId(c.table, c.column.name)};
  if (ColumnCheck(to, c.column.name))
    l.step.provides.push_back(diff::ConstraintId(c.table, ColumnCheck(to, c.column.name)->name));
  l.step.needs = ColumnNeeds(c.table);
  int place = 0;
  std::string position = Position(to, c.column.name, &place, &l.step.needs);
  Algorithm algo = AddColumnAlgorithm(from, c.column, ctx.AnyIndexesOn(c.table));
  l.alter = MakeAlter(
      c.table, algo,
      {"ADD COLUMN " + ColumnDefinition(c.column, to) + position, kAddColumnClause, place});
  if (!ctx.new_tables.count(c.table) && !c.column.generated.empty() && !c.column.generated_virtual)
    l.step.hazards.push_back({HazardCode::kBackfill,
                              "stored generated column is computed for "
                              "every row"});
  return {l};
}

std::vector<Lowered> DropColumn(const diff::DropColumn& c, const Context& ctx) {
  const model::Table& from = TableOf(ctx, c.table, false);
  Lowered l =
      MakeLowered(ColumnId(c.table, c.column.name),
                  "drop column " + c.table.Display() + "." + c.column.name, kRankDropColumn);
  l.step.removes = {ColumnId(c.table, c.column.name)};
  // Its rollback adds it back AFTER the column before it: when that one is dropped too, this
  // drop runs first, so the rollback (in reverse) re-adds that one first.
  for (size_t i = 1; i < from.columns.size(); ++i)
    if (from.columns[i].name == c.column.name)
      l.step.releases.push_back(ColumnId(c.table, from.columns[i - 1].name));
  if (const auto* check = ColumnCheck(from, c.column.name))
    l.step.removes.push_back(diff::ConstraintId(c.table, check->name));
  Append(l.step.releases, ColumnNeeds(c.table));
  l.step.hazards = {{HazardCode::kDataLoss,
                     "drops column " + c.table.Display() + "." + c.column.name + " and its data"}};
  l.step.reversibility = Reversibility::kLossy;
  l.step.rollback_note = "the column comes back without its data";
  Algorithm algo = DropColumnAlgorithm(from, c.column, ctx.AnyIndexesOn(c.table));
  if (algo == Algorithm::kInplace)
    l.step.hazards.push_back(
        {HazardCode::kIndexBuild, "rebuilds " + c.table.Display() + " in place; writes continue"});
  l.alter = MakeAlter(c.table, algo, {"DROP COLUMN " + Ident(c.column.name), kDropColumnClause});
  return {l};
}

std::vector<Lowered> RenameColumn(const diff::RenameColumn& c, const Context& ctx) {
  const model::Table& from = TableOf(ctx, c.table, false);
  Lowered l =
      MakeLowered(ColumnId(c.table, c.to),
                  "rename column " + c.table.Display() + "." + c.from + " to " + c.to, kRankRename);
  l.step.needs = {TableId(c.table)};
  l.step.removes = {ColumnId(c.table, c.from)};
  l.step.provides = {ColumnId(c.table, c.to)};
  l.step.hazards = {{HazardCode::kRenameBreaksClients,
                     "clients using column " + c.from + " fail until they use " + c.to}};
  // The keys over the column before and after (the table may be renamed in the same plan):
  // the rename and its undo get the same algorithm.
  Algorithm algo =
      Weakest(RenameColumnAlgorithm(ctx.from, from, c.from, ctx.IndexesOn(ctx.from, from.name)),
              RenameColumnAlgorithm(ctx.to, TableOf(ctx, c.table, true), c.to,
                                    ctx.IndexesOn(ctx.to, c.table)));
  l.alter =
      MakeAlter(c.table, algo,
                {"RENAME COLUMN " + Ident(c.from) + " TO " + Ident(c.to), kModifyColumn}, true);
  return {l};
}

// A default alone changes in the dictionary (ALTER COLUMN … SET/DROP DEFAULT); anything else
// restates the whole column (MODIFY), so nothing the desired column has is lost.
std::vector<Lowered> AlterColumn(const diff::AlterColumn& c, const Context& ctx) {
  const model::Table& to = TableOf(ctx, c.table, true);
  const model::Table& from = TableOf(ctx, c.table, false);
  Lowered l = MakeLowered(ColumnId(c.table, c.to.name), diff::Describe(c), kRankAlterColumn);
  l.step.needs = ColumnNeeds(c.table);
  l.step.needs.push_back(ColumnId(c.table, c.to.name));
  Algorithm algo = AlterColumnAlgorithm(c, from);
  if (c.what & (diff::kColumnType | diff::kColumnCharset | diff::kColumnCollation)) {
    l.step.removes.push_back(TypeId(c.table, c.to.name));
    l.step.provides.push_back(TypeId(c.table, c.to.name));
  }
  std::string clause;
  if (c.what == diff::kColumnDefault && algo == Algorithm::kInstant) {
    clause =
        "ALTER COLUMN " + Ident(c.to.name) +
        (c.to.default_expr.empty() ? " DROP DEFAULT" : " SET DEFAULT " + c.to.default_expr.sql);
  } else {
    clause = "MODIFY COLUMN " + ColumnDefinition(c.to, to);
    // MariaDB re-adds a column's own CHECK with the column: a copy.
    if (ColumnCheck(to, c.to.name) || ColumnCheck(from, c.from.name)) algo = Algorithm::kCopy;
  }
  l.alter = MakeAlter(c.table, algo, {clause, kModifyColumn});
  const bool existing = !ctx.new_tables.count(c.table);
  if (existing && algo == Algorithm::kInplace && !(c.what & diff::kColumnType) &&
      (c.what & diff::kColumnNotNull))
    l.step.hazards.push_back(
        {HazardCode::kIndexBuild, "rebuilds " + c.table.Display() + " in place; writes continue"});
  if (existing && (c.what & diff::kColumnNotNull) && c.to.not_null)
    l.step.hazards.push_back(
        {HazardCode::kValidatesData, "fails if " + c.to.name + " holds NULL in any row"});
  if ((c.what & diff::kColumnType) && !WidensVarchar(c.from.type, c.to.type, c.to.charset) &&
      !AppendsMembers(c.from.type, c.to.type)) {
    l.step.reversibility = Reversibility::kLossy;
    l.step.rollback_note = "converting back may truncate or fail on values written meanwhile";
  }
  return {l};
}

std::vector<Lowered> AlterTable(const diff::AlterTable& c) {
  const auto& t = c.to;
  Lowered l = MakeLowered(TableId(t.name), diff::Describe(c), kRankAlterColumn);
  l.step.needs = {TableId(t.name)};
  if (c.what & diff::kTableEngine) {
    l.step.removes.push_back(EngineId(t.name));
    l.step.provides.push_back(EngineId(t.name));
  }
  Alter alter{t.name, {}, Algorithm::kCopy, false};
  // A table that names no engine gets the server's default, InnoDB on both servers.
  if (c.what & diff::kTableEngine)
    alter.clauses.push_back({"ENGINE=" + (t.engine.empty() ? "InnoDB" : t.engine), kTableOption});
  // No default character set named: the server's (which differs between versions) is unknown,
  // so the table keeps its own.
  if (c.what & diff::kTableCharset && !t.charset.empty())
    alter.clauses.push_back(
        {"DEFAULT CHARSET=" + t.charset + " COLLATE=" + t.collation, kTableOption});
  if (c.what & diff::kTableOptions) {
    model::Table only = t;
    only.engine = only.charset = only.collation = "";
    only.comment.reset();
    // An option the desired table drops goes back to the server's default.
    for (const auto& o : c.from.options) {
      std::string name = o.substr(0, o.find('='));
      bool kept = std::any_of(t.options.begin(), t.options.end(), [&](const std::string& n) {
        return n.substr(0, n.find('=')) == name;
      });
      if (!kept && o.find('=') != std::string::npos) only.options.push_back(name + "=DEFAULT");
    }
    if (std::string opts = TableOptions(only); !opts.empty())
      alter.clauses.push_back({opts, kTableOption});
  }
  if (c.what & diff::kTablePartition) {
    alter.alone = true;
    alter.clauses.push_back(
        {t.partition_by.empty() ? "REMOVE PARTITIONING" : "PARTITION BY " + t.partition_by.sql,
         kTableOption});
  }
  if (alter.clauses.empty()) return {};
  l.alter = alter;
  return {l};
}

std::vector<std::string> ViewNeeds(const model::View& v) {
  std::vector<std::string> needs;
  for (const auto& r : v.relations) {
    needs.push_back(TableId(r));
    needs.push_back(diff::ViewId(r));
  }
  return needs;
}

std::vector<Lowered> CreateView(const model::View& v, bool replace, const std::string& what) {
  Lowered l =
      MakeLowered(diff::ViewId(v.name), what + " view " + v.name.Display(), kRankCreateView);
  l.step.sql = {mysql::CreateView(v, replace)};
  l.step.provides = {diff::ViewId(v.name)};
  l.step.needs = ViewNeeds(v);
  return {l};
}

std::vector<Lowered> DropView(const model::View& v) {
  Lowered l = MakeLowered(diff::ViewId(v.name), "drop view " + v.name.Display(), kRankDropView);
  l.step.sql = {"DROP VIEW " + Name(v.name)};
  l.step.removes = {diff::ViewId(v.name)};
  l.step.releases = ViewNeeds(v);
  return {l};
}

std::string RoutineId(const model::Function& f) { return diff::FunctionId(f.name); }

std::vector<Lowered> Routine(const diff::RoutineChange& rc, std::string* error) {
  std::vector<Lowered> out;
  auto create_trigger = [](const model::Trigger& t, const std::string& what) {
    Lowered l =
        MakeLowered(diff::TriggerId(t.table, t.name),
                    what + " trigger " + t.name + " on " + t.table.Display(), kRankCreateTrigger);
    l.step.needs = {TableId(t.table)};
    l.step.provides = {diff::TriggerId(t.table, t.name)};
    return l;
  };
  auto drop_trigger = [](const model::Trigger& t) {
    return "DROP TRIGGER " + Name({t.table.schema, t.name});
  };
  std::visit(
      Overloaded{
          [&](const diff::CreateFunction& c) {
            Lowered l =
                MakeLowered(RoutineId(c.function), "create routine " + c.function.name.Display(),
                            kRankCreateFunction);
            l.step.sql = {CreateRoutine(c.function)};
            l.step.provides = {RoutineId(c.function)};
            out.push_back(l);
          },
          [&](const diff::DropFunction& c) {
            Lowered l = MakeLowered(RoutineId(c.function),
                                    "drop routine " + c.function.name.Display(), kRankDropFunction);
            l.step.sql = {DropRoutine(c.function)};
            l.step.removes = {RoutineId(c.function)};
            out.push_back(l);
          },
          [&](const diff::ReplaceFunction& c) {
            // MySQL has no CREATE OR REPLACE for routines: drop and create, back to back.
            Lowered l = MakeLowered(RoutineId(c.to), "replace routine " + c.to.name.Display(),
                                    kRankCreateFunction);
            l.step.sql = {DropRoutine(c.from), CreateRoutine(c.to)};
            l.step.provides = {RoutineId(c.to)};
            out.push_back(l);
          },
          [&](const diff::CreateTrigger& c) {
            Lowered l = create_trigger(c.trigger, "create");
            l.step.sql = {CreateTrigger(c.trigger)};
            out.push_back(l);
          },
          [&](const diff::DropTrigger& c) {
            Lowered l =
                MakeLowered(diff::TriggerId(c.trigger.table, c.trigger.name),
                            "drop trigger " + c.trigger.name + " on " + c.trigger.table.Display(),
                            kRankDropTrigger);
            l.step.sql = {drop_trigger(c.trigger)};
            l.step.removes = {diff::TriggerId(c.trigger.table, c.trigger.name)};
            l.step.releases = {TableId(c.trigger.table)};
            out.push_back(l);
          },
          [&](const diff::ReplaceTrigger& c) {
            Lowered l = create_trigger(c.to, "replace");
            l.step.sql = {drop_trigger(c.from), CreateTrigger(c.to)};
            out.push_back(l);
          },
          [&](const auto&) { *error = "MySQL has no operators or aggregates"; },
      },
      rc.change);
  return out;
}

}  // namespace

const std::vector<const model::Index*>& Context::IndexesOn(
    const model::Catalog& catalog, const model::QualifiedName& table) const {
  static const std::vector<const model::Index*> kNone;
  const auto& by_table = &catalog == &from ? from_indexes : to_indexes;
  auto it = by_table.find(table);
  return it == by_table.end() ? kNone : it->second;
}

const model::Table& Context::Subject(const model::QualifiedName& table) const {
  static const model::Table kEmpty;
  auto it = subjects.find(table);
  if (it != subjects.end()) return it->second;
  const model::Table* t = FindTable(to, table);
  return t ? *t : kEmpty;
}

const model::Table& Context::Rendered(const model::QualifiedName& table) const {
  static const model::Table kEmpty;
  auto it = rendered.find(table);
  if (it != rendered.end()) return it->second;
  const model::Table* t = FindTable(to, table);
  if (!t) t = FindTable(from, table);
  return t ? *t : kEmpty;
}

std::vector<const model::Index*> Context::AnyIndexesOn(const model::QualifiedName& table) const {
  std::vector<const model::Index*> all = IndexesOn(from, table);
  const auto& more = IndexesOn(to, table);
  all.insert(all.end(), more.begin(), more.end());
  return all;
}

Context MakeContext(const model::Catalog& from, const model::Catalog& to,
                    const diff::ChangeSet& changes) {
  Context ctx{from, to, {}, {}, {}, {}, {}};
  for (const auto& [qn, t] : from.tables) {
    model::Table subject = t;
    if (const auto* desired = FindTable(to, qn)) {
      if (!Online(*desired)) {
        subject.engine = desired->engine.empty() ? subject.engine : desired->engine;
        if (subject.partition_by.empty()) subject.partition_by = desired->partition_by;
      }
      subject.options.insert(subject.options.end(), desired->options.begin(),
                             desired->options.end());
      if (desired->charset != t.charset || desired->collation != t.collation) {
        model::Table r = *desired;
        r.charset = r.collation = "";
        ctx.rendered[qn] = std::move(r);
      }
    }
    ctx.subjects[qn] = std::move(subject);
  }
  for (const auto& [key, index] : from.indexes) ctx.from_indexes[index.table].push_back(&index);
  for (const auto& [key, index] : to.indexes) ctx.to_indexes[index.table].push_back(&index);
  for (const auto& c : changes)
    if (const auto* ct = std::get_if<diff::CreateTable>(&c)) ctx.new_tables.insert(ct->table.name);
  return ctx;
}

model::QualifiedName IndexKeyOf(const model::Index& index) {
  return {index.table.schema, index.table.name + "." + index.name.name};
}

std::string IndexIdOf(const model::Index& index) { return diff::IndexId(IndexKeyOf(index)); }

std::string AlterSql(const Alter& alter) {
  std::string out = "ALTER TABLE " + Name(alter.table);
  for (size_t i = 0; i < alter.clauses.size(); ++i)
    out += (i ? ",\n  " : " ") + alter.clauses[i].sql;
  if (alter.algorithm == Algorithm::kInstant) out += ", ALGORITHM=INSTANT";
  if (alter.algorithm == Algorithm::kInplace) out += ", ALGORITHM=INPLACE, LOCK=NONE";
  return out;
}

std::vector<Lowered> Lower(const diff::Change& change, const Context& ctx, std::string* error) {
  auto unsupported = [&](const std::string& what) {
    *error = "MySQL has no " + what + " (" + diff::Describe(change) + ")";
    return std::vector<Lowered>{};
  };
  std::vector<Lowered> out =
      std::visit(Overloaded{
                     [&](const diff::CreateSchema& c) { return CreateSchema(c); },
                     [&](const diff::DropSchema& c) { return DropSchema(c); },
                     [&](const diff::CreateTable& c) { return CreateTable(c, ctx); },
                     [&](const diff::DropTable& c) { return DropTable(c, ctx); },
                     [&](const diff::RenameTable& c) { return RenameTable(c, ctx); },
                     [&](const diff::AddColumn& c) { return AddColumn(c, ctx); },
                     [&](const diff::DropColumn& c) { return DropColumn(c, ctx); },
                     [&](const diff::RenameColumn& c) { return RenameColumn(c, ctx); },
                     [&](const diff::AlterColumn& c) { return AlterColumn(c, ctx); },
                     [&](const diff::AddConstraint& c) { return LowerAddConstraint(c, ctx); },
                     [&](const diff::DropConstraint& c) { return LowerDropConstraint(c, ctx); },
                     [&](const diff::RenameConstraint& c) { return LowerRenameConstraint(c, ctx); },
                     [&](const diff::CreateIndex& c) { return LowerCreateIndex(c, ctx); },
                     [&](const diff::DropIndex& c) { return LowerDropIndex(c, ctx); },
                     [&](const diff::RenameIndex& c) { return LowerRenameIndex(c, ctx); },
                     [&](const diff::SetComment& c) { return LowerComment(c, ctx); },
                     [&](const diff::AlterTable& c) { return AlterTable(c); },
                     [&](const diff::CreateView& c) { return CreateView(c.view, false, "create"); },
                     [&](const diff::ReplaceView& c) { return CreateView(c.to, true, "replace"); },
                     [&](const diff::DropView& c) { return DropView(c.view); },
                     [&](const diff::RoutineChange& c) { return Routine(c, error); },
                     [&](const diff::CreateSequence&) { return unsupported("sequences"); },
                     [&](const diff::DropSequence&) { return unsupported("sequences"); },
                     [&](const diff::AlterSequence&) { return unsupported("sequences"); },
                     [&](const diff::TypeChange&) { return unsupported("user-defined types"); },
                     [&](const diff::SetStatistics&) { return unsupported("statistics targets"); },
                     [&](const diff::SecurityChange&) { return unsupported("policies or grants"); },
                 },
                 change);
  // Removals of whole objects wait until the application no longer uses them.
  for (auto& l : out) {
    if (l.step.rank >= kRankDropColumn) l.step.phase = Phase::kContract;
    if (l.step.description.empty()) l.step.description = diff::Describe(change);
  }
  return out;
}

}  // namespace keel::planner::mysql
