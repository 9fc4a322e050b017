#include "planner/postgres/lower_partition.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/normalize.h"
#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::TableId;
using model::QualifiedName;

std::string OptionKey(const std::string& option) { return option.substr(0, option.find('=')); }

// SET (...) for options of `to` that `from` lacks or spells differently, RESET (...) for keys
// only `from` has.
std::string OptionActions(const std::vector<std::string>& from,
                          const std::vector<std::string>& to) {
  std::vector<std::string> set, reset;
  for (const auto& o : to)
    if (std::find(from.begin(), from.end(), o) == from.end()) set.push_back(o);
  for (const auto& o : from) {
    bool kept = std::any_of(to.begin(), to.end(),
                            [&](const std::string& t) { return OptionKey(t) == OptionKey(o); });
    if (!kept) reset.push_back(OptionKey(o));
  }
  std::vector<std::string> actions;
  if (!reset.empty()) actions.push_back(fmt::format("RESET ({})", fmt::join(reset, ", ")));
  if (!set.empty()) actions.push_back(fmt::format("SET ({})", fmt::join(set, ", ")));
  return fmt::format("{}", fmt::join(actions, ", "));
}

// DETACH from the old parent and/or ATTACH to the new one, turning `from` into `to`.
std::vector<std::string> PartitionSql(const model::Table& from, const model::Table& to) {
  std::vector<std::string> out;
  if (!from.partition_of.name.empty())
    out.push_back(AlterTable(from.partition_of) + "DETACH PARTITION " + from.name.Sql());
  if (!to.partition_of.name.empty())
    out.push_back(AlterTable(to.partition_of) + "ATTACH PARTITION " + to.name.Sql() + " " +
                  to.partition_bound);
  return out;
}

std::vector<std::string> InheritSql(const model::Table& from, const model::Table& to) {
  std::vector<std::string> actions;
  for (const auto& p : from.inherits)
    if (std::find(to.inherits.begin(), to.inherits.end(), p) == to.inherits.end())
      actions.push_back("NO INHERIT " + p.Sql());
  for (const auto& p : to.inherits)
    if (std::find(from.inherits.begin(), from.inherits.end(), p) == from.inherits.end())
      actions.push_back("INHERIT " + p.Sql());
  return {AlterTable(to.name) + fmt::format("{}", fmt::join(actions, ", "))};
}

// SET LOGGED / SET UNLOGGED rewrite the table (and write it to WAL) under ACCESS EXCLUSIVE.
Step PersistenceStep(const diff::AlterTable& c) {
  Step s =
      MakeStep(TableId(c.to.name),
               std::string(c.to.unlogged ? "set unlogged " : "set logged ") + c.to.name.Display(),
               kRankAlterColumn);
  auto spell = [](bool unlogged) { return unlogged ? "SET UNLOGGED" : "SET LOGGED"; };
  s.sql = {AlterTable(c.to.name) + spell(c.to.unlogged)};
  s.rollback_sql = {AlterTable(c.to.name) + spell(c.from.unlogged)};
  s.lock_table = c.to.name.Display();
  s.hazards = {{HazardCode::kTableRewrite,
                std::string(spell(c.to.unlogged)) + " rewrites " + c.to.name.Display()}};
  s.needs = {TableId(c.to.name)};
  return s;
}

// Storage parameters: SHARE UPDATE EXCLUSIVE for fillfactor and autovacuum settings; they apply
// to rows written from now on, nothing is rewritten.
Step OptionsStep(const diff::AlterTable& c) {
  Step s = MakeStep(TableId(c.to.name), "set storage parameters of " + c.to.name.Display(),
                    kRankAlterColumn, LockLevel::kShareUpdateExclusive);
  s.sql = {AlterTable(c.to.name) + OptionActions(c.from.options, c.to.options)};
  s.rollback_sql = {AlterTable(c.to.name) + OptionActions(c.to.options, c.from.options)};
  s.lock_table = c.to.name.Display();
  s.needs = {TableId(c.to.name)};
  return s;
}

// A changed bound: DETACH then ATTACH. ATTACH scans the partition to check its rows against the
// new bound (SHARE UPDATE EXCLUSIVE on the parent); between the two, rows of the range have no
// partition (or go to the default one).
Step PartitionStep(const diff::AlterTable& c) {
  std::string what = c.from.partition_of.name.empty() ? "attach partition "
                     : c.to.partition_of.name.empty() ? "detach partition "
                                                      : "change partition bound of ";
  // A detached partition keeps the columns its parent has at that moment: it leaves before
  // the parent gains new ones.
  int rank = c.to.partition_of.name.empty() ? kRankRename : kRankAlterColumn;
  Step s = MakeStep(TableId(c.to.name), what + c.to.name.Display(), rank);
  s.sql = PartitionSql(c.from, c.to);
  s.rollback_sql = PartitionSql(c.to, c.from);
  const QualifiedName& parent =
      c.to.partition_of.name.empty() ? c.from.partition_of : c.to.partition_of;
  s.lock_table = parent.Display();
  if (!c.from.partition_of.name.empty() && !c.to.partition_of.name.empty())
    s.hazards.push_back({HazardCode::kAccessExclusiveLock,
                         "DETACH and ATTACH " + c.to.name.Display() + ": its rows are outside " +
                             parent.Display() + " in between"});
  if (!c.to.partition_of.name.empty())
    s.hazards.push_back(
        {HazardCode::kValidatesData, "ATTACH checks every row of " + c.to.name.Display()});
  s.needs = {TableId(c.to.name)};
  if (!c.to.partition_of.name.empty()) s.needs.push_back(TableId(c.to.partition_of));
  if (!c.from.partition_of.name.empty()) s.releases.push_back(TableId(c.from.partition_of));
  return s;
}

Step InheritStep(const diff::AlterTable& c, const LowerContext& ctx) {
  Step s =
      MakeStep(TableId(c.to.name), "change parents of " + c.to.name.Display(), kRankAlterColumn);
  s.sql = InheritSql(c.from, c.to);
  s.rollback_sql = InheritSql(c.to, c.from);
  s.lock_table = c.to.name.Display();
  s.needs = {TableId(c.to.name)};
  // INHERIT needs the child to have every column of the parent already.
  for (const auto& p : c.to.inherits) {
    s.needs.push_back(TableId(p));
    if (auto it = ctx.to.tables.find(p); it != ctx.to.tables.end())
      for (const auto& col : it->second.columns)
        s.needs.push_back(diff::ColumnId(c.to.name, col.name));
  }
  for (const auto& p : c.from.inherits) {
    s.releases.push_back(TableId(p));
    // The server cannot mark a column or CHECK inherited again once it is the child's own.
    if (std::find(c.to.inherits.begin(), c.to.inherits.end(), p) == c.to.inherits.end()) {
      s.reversibility = Reversibility::kIrreversible;
      s.rollback_note = "after NO INHERIT the parent's columns and CHECKs stay the child's own";
    }
  }
  return s;
}

}  // namespace

std::vector<std::string> ParentNeeds(const model::Table& table) {
  std::vector<std::string> out;
  if (!table.partition_of.name.empty()) out.push_back(TableId(table.partition_of));
  for (const auto& p : table.inherits) out.push_back(TableId(p));
  return out;
}

std::vector<std::string> InheritedColumns(const model::Catalog& catalog, const model::Table& t) {
  std::vector<std::string> out;
  const model::Table* root = catalog.PartitionRoot(t);
  if (root == nullptr || root == &t) return out;
  for (const auto& col : root->columns) out.push_back(col.name);
  return out;
}

bool IsPartitioned(const model::Catalog& catalog, const QualifiedName& table) {
  auto it = catalog.tables.find(table);
  return it != catalog.tables.end() && !it->second.partition_by.empty();
}

std::vector<Step> LowerCreatePartitionedIndex(const model::Index& index, const LowerContext& ctx,
                                              const std::vector<std::string>& needs) {
  // Every partition that exists while the parent's index is attached gets its own index: those
  // that stay, those the plan creates (before the parent's index, so the server does not clone
  // one of its own into them) and those it drops later (the drop takes their index along).
  std::vector<const model::Table*> partitions;
  std::vector<std::string> created, dropped;
  for (const auto& [qn, t] : ctx.to.tables) {
    if (t.partition_of != index.table) continue;
    if (!t.partition_by.empty()) return {};
    if (ctx.new_tables.count(qn)) created.push_back(TableId(qn));
    partitions.push_back(&t);
  }
  for (const auto& [qn, t] : ctx.from.tables) {
    if (t.partition_of != index.table) continue;
    auto kept = ctx.to.tables.find(qn);
    // A partition detached or moved by the same plan: when it leaves is not ordered here.
    if (kept != ctx.to.tables.end()) {
      if (kept->second.partition_of != index.table) return {};
      continue;
    }
    if (!t.partition_by.empty()) return {};
    dropped.push_back(TableId(qn));
    partitions.push_back(&t);
  }
  if (partitions.empty()) return {};
  const std::string id = diff::IndexId(index.name);
  const std::string shell = "only:" + id;
  std::string create = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX ";
  // The parent's index is invalid until every partition's is attached: nothing uses it before.
  Step only = MakeStep(
      id, "create index " + index.name.Display() + " on " + index.table.Display() + " only",
      kRankCreateIndex, LockLevel::kShare);
  only.sql = {create + model::QuoteIdent(index.name.name) + " ON ONLY " +
              sql::IndexBody(index).substr(3)};
  only.rollback_sql = {"DROP INDEX IF EXISTS " + index.name.Sql()};
  only.lock_table = index.table.Display();
  only.provides = {shell};
  only.needs = needs;
  only.needs.insert(only.needs.end(), created.begin(), created.end());
  Step attach = MakeStep(id, "attach the partitions' indexes to " + index.name.Display(),
                         kRankCreateIndex, LockLevel::kShareUpdateExclusive);
  attach.lock_table = index.table.Display();
  attach.needs = {shell};
  attach.provides = {id};
  // Dropping the parent's index drops the attached ones with it.
  attach.rollback_sql = {"DROP INDEX IF EXISTS " + index.name.Sql()};
  std::vector<Step> steps = {only};
  for (const model::Table* p : partitions) {
    model::Index child = index;
    child.table = p->name;
    child.name = {p->name.schema, model::MakeObjectName(p->name.name, index.name.name, "")};
    Step s =
        MakeStep(id, "create index " + child.name.Display() + " on partition " + p->name.Display(),
                 kRankCreateIndex, LockLevel::kShareUpdateExclusive);
    s.sql = {sql::CreateIndex(child, true)};
    s.rollback_sql = {"DROP INDEX CONCURRENTLY IF EXISTS " + child.name.Sql()};
    s.transactional = false;
    s.lock_table = p->name.Display();
    s.hazards = {{HazardCode::kIndexBuild, "on " + p->name.Display()}};
    s.needs = {shell, TableId(p->name)};
    s.provides = {"part:" + diff::IndexId(child.name)};
    if (std::find(dropped.begin(), dropped.end(), TableId(p->name)) != dropped.end()) {
      s.releases = {TableId(p->name)};
      attach.releases.push_back(TableId(p->name));
    }
    attach.needs.push_back(s.provides.front());
    attach.sql.push_back("ALTER INDEX " + index.name.Sql() + " ATTACH PARTITION " +
                         child.name.Sql());
    steps.push_back(s);
  }
  steps.push_back(attach);
  return steps;
}

std::vector<Step> LowerAlterTable(const diff::AlterTable& c, const LowerContext& ctx) {
  std::vector<Step> steps;
  if (c.what & diff::kTableUnlogged) steps.push_back(PersistenceStep(c));
  if (c.what & diff::kTableOptions) steps.push_back(OptionsStep(c));
  if (c.what & diff::kTablePartition) steps.push_back(PartitionStep(c));
  if (c.what & diff::kTableInherits) steps.push_back(InheritStep(c, ctx));
  return steps;
}

}  // namespace keel::planner::postgres
