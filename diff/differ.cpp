#include "diff/differ.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "diff/differ_routines.h"
#include "diff/differ_security.h"
#include "diff/differ_types.h"
#include "diff/differ_views.h"

namespace keel::diff {
namespace {

using model::Catalog;
using model::Column;
using model::Constraint;
using model::ConstraintKind;
using model::Index;
using model::QualifiedName;
using model::Sequence;
using model::Table;

// A hint names the old object plainly ("old") or schema-qualified ("s.old").
QualifiedName HintName(const std::string& hint, const std::string& schema) {
  auto dot = hint.find('.');
  if (dot == std::string::npos) return {schema, hint};
  return {hint.substr(0, dot), hint.substr(dot + 1)};
}

bool SameConstraint(const Constraint& a, const Constraint& b) {
  return a.kind == b.kind && a.columns == b.columns && a.check_expr == b.check_expr &&
         a.ref_table == b.ref_table && a.ref_columns == b.ref_columns &&
         a.on_update == b.on_update && a.on_delete == b.on_delete && a.match == b.match &&
         a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred &&
         a.nulls_not_distinct == b.nulls_not_distinct && a.no_inherit == b.no_inherit &&
         a.definition == b.definition;
}

bool SameSequence(const Sequence& a, const Sequence& b) {
  return a.type == b.type && a.start == b.start && a.increment == b.increment &&
         a.min_value == b.min_value && a.max_value == b.max_value && a.cache == b.cache &&
         a.cycle == b.cycle && a.owned_by_table == b.owned_by_table &&
         a.owned_by_column == b.owned_by_column;
}

// The columns a table has on the server: a partition's are its root's (see model::Table).
const std::vector<Column>& ServerColumns(const Catalog& catalog, const Table& table) {
  const Table* root = catalog.PartitionRoot(table);
  return root != nullptr ? root->columns : table.columns;
}

class Differ {
 public:
  Differ(const Catalog& from, const Catalog& to, const DiffOptions& options)
      : from_(from), to_(to), options_(options) {}

  ChangeSet Run() {
    DiffSchemas();
    DiffTables();
    DiffIndexes();
    DiffStatistics();
    DiffSequences();
    DiffTypes(from_, to_, options_, out_);
    DiffViews(from_, to_, options_, out_);
    DiffRoutines(from_, to_, options_, out_);
    DiffSecurity(from_, to_, options_, out_);
    return std::move(out_);
  }

 private:
  void Comment(const std::string& target, const std::string& id,
               const std::optional<std::string>& from, const std::optional<std::string>& to) {
    if (from != to) out_.push_back(SetComment{target, id, from, to});
  }

  void DiffSchemas() {
    for (const auto& [name, schema] : to_.schemas) {
      auto it = from_.schemas.find(name);
      if (it == from_.schemas.end()) {
        if (!Catalog::IsBuiltinSchema(name)) out_.push_back(CreateSchema{schema});
        Comment("SCHEMA " + model::QuoteIdent(name), SchemaId(name), std::nullopt, schema.comment);
      } else {
        Comment("SCHEMA " + model::QuoteIdent(name), SchemaId(name), it->second.comment,
                schema.comment);
      }
    }
    for (const auto& [name, schema] : from_.schemas) {
      if (!to_.schemas.count(name) && !Catalog::IsBuiltinSchema(name) && options_.allow_drops)
        out_.push_back(DropSchema{schema});
    }
  }

  // The from-side table a to-side table corresponds to: same name, or its rename hint.
  const Table* MatchTable(const Table& t, bool* renamed) {
    *renamed = false;
    auto it = from_.tables.find(t.name);
    if (it != from_.tables.end()) return &it->second;
    if (t.renamed_from.empty()) return nullptr;
    QualifiedName old = HintName(t.renamed_from, t.name.schema);
    auto old_it = from_.tables.find(old);
    if (old_it == from_.tables.end() || to_.tables.count(old)) return nullptr;
    *renamed = true;
    return &old_it->second;
  }

  // Tables whose partition key changes cannot be altered: they are dropped and created again,
  // and so are their partitions.
  void FindRecreatedTables() {
    for (const auto& [name, table] : to_.tables) {
      auto it = from_.tables.find(name);
      if (it != from_.tables.end() && !(it->second.partition_by == table.partition_by))
        recreated_.insert(name);
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [name, table] : to_.tables)
        if (recreated_.count(table.partition_of) && from_.tables.count(name) &&
            recreated_.insert(name).second)
          grew = true;
    }
  }

  // Table and column renames, before any table is compared: a key or index compares with its
  // old self under the new names, whichever table comes first.
  void FindRenames() {
    for (const auto& [name, table] : to_.tables) {
      bool renamed = false;
      const Table* old = MatchTable(table, &renamed);
      if (!old || recreated_.count(name)) continue;
      if (renamed) renamed_tables_[old->name] = table.name;
      for (const auto& col : table.columns) {
        if (FindColumn(*old, col.name) || col.renamed_from.empty() ||
            table.FindColumn(col.renamed_from))
          continue;
        if (const Column* was = old->FindColumn(col.renamed_from))
          renamed_columns_[name][was->name] = col.name;
      }
    }
  }

  // A column of (the new name of) `table` under its new name.
  std::string CurrentColumnName(const QualifiedName& table, const std::string& column) const {
    auto t = renamed_columns_.find(table);
    if (t == renamed_columns_.end()) return column;
    auto c = t->second.find(column);
    return c == t->second.end() ? column : c->second;
  }

  // An old key of `table` (its new name) as it reads once tables and columns are renamed.
  Constraint Renamed(Constraint c, const QualifiedName& table) const {
    for (auto& col : c.columns) col = CurrentColumnName(table, col);
    if (c.kind == ConstraintKind::kForeignKey) {
      c.ref_table = CurrentTableName(c.ref_table);
      for (auto& col : c.ref_columns) col = CurrentColumnName(c.ref_table, col);
    }
    return c;
  }

  // The same for an old index already moved to its table's new name: its plain column keys.
  Index Renamed(Index index) const {
    auto t = renamed_columns_.find(index.table);
    if (t == renamed_columns_.end()) return index;
    for (auto& k : index.keys) {
      if (k.is_expression) continue;
      for (const auto& [was, now] : t->second) {
        if (k.expr.key == was) {
          k.expr = model::Expr(now);
          break;
        }
        if (k.expr.key == model::QuoteIdent(was)) {
          k.expr = model::Expr(model::QuoteIdent(now));
          break;
        }
      }
    }
    for (auto& col : index.include) col = CurrentColumnName(index.table, col);
    return index;
  }

  void DiffTables() {
    FindRecreatedTables();
    FindRenames();
    std::set<QualifiedName> matched;
    for (const auto& [name, table] : to_.tables) {
      bool renamed = false;
      const Table* old = MatchTable(table, &renamed);
      if (old && recreated_.count(name)) {
        matched.insert(old->name);
        dropped_tables_.insert(old->name);
        out_.push_back(DropTable{*old, {}, {}});
        old = nullptr;
      }
      if (!old) {
        CreateNewTable(table);
        continue;
      }
      matched.insert(old->name);
      if (renamed) {
        out_.push_back(RenameTable{old->name, table.name});
        renamed_tables_[old->name] = table.name;
      }
      DiffTable(*old, table);
    }
    for (const auto& [name, table] : from_.tables)
      if (!matched.count(name)) dropped_tables_.insert(name);
    if (!options_.allow_drops) return;
    for (const auto& [name, table] : from_.tables)
      if (!matched.count(name)) DropTableAndKeys(table);
  }

  // A foreign key that closes a cycle among dropped tables is dropped on its own first (the
  // mirror of CreateNewTable's keys after tables); other keys go with their DROP TABLE.
  void DropTableAndKeys(const Table& table) {
    Table body = table;
    body.constraints.clear();
    for (const auto& c : table.constraints) {
      if (c.kind == ConstraintKind::kForeignKey && c.ref_table != table.name &&
          ReachesByDroppedKeys(c.ref_table, table.name))
        out_.push_back(DropConstraint{table.name, c});
      else
        body.constraints.push_back(c);
    }
    DropTable drop{body, {}, {}};
    if (from_indexes_by_table_.empty())
      for (const auto& [name, index] : from_.indexes)
        from_indexes_by_table_[index.table].push_back(&index);
    if (auto it = from_indexes_by_table_.find(table.name); it != from_indexes_by_table_.end())
      for (const Index* index : it->second) drop.indexes.push_back(*index);
    for (auto it = from_.triggers.lower_bound({table.name, ""});
         it != from_.triggers.end() && it->first.first == table.name; ++it)
      drop.triggers.push_back(it->second);
    out_.push_back(std::move(drop));
  }

  // Whether dropped table `from` reaches `to` through foreign keys between dropped tables.
  bool ReachesByDroppedKeys(const QualifiedName& from, const QualifiedName& to) const {
    std::set<QualifiedName> seen;
    std::vector<QualifiedName> work = {from};
    while (!work.empty()) {
      const QualifiedName at = work.back();
      work.pop_back();
      if (at == to) return true;
      if (!seen.insert(at).second || !dropped_tables_.count(at) || recreated_.count(at)) continue;
      auto t = from_.tables.find(at);
      if (t == from_.tables.end()) continue;
      for (const auto& c : t->second.constraints)
        if (c.kind == ConstraintKind::kForeignKey) work.push_back(c.ref_table);
    }
    return false;
  }

  void CreateNewTable(const Table& table) {
    Table body = table;
    body.constraints.clear();
    for (const auto& c : table.constraints)
      if (c.kind != ConstraintKind::kForeignKey) body.constraints.push_back(c);
    out_.push_back(CreateTable{body});
    for (const auto& c : table.constraints)
      if (c.kind == ConstraintKind::kForeignKey) out_.push_back(AddConstraint{table.name, c});
    CommentsOfNewTable(table);
  }

  void CommentsOfNewTable(const Table& table) {
    Comment("TABLE " + table.name.Sql(), TableId(table.name), std::nullopt, table.comment);
    for (const auto& col : table.columns)
      Comment("COLUMN " + table.name.Sql() + "." + model::QuoteIdent(col.name),
              ColumnId(table.name, col.name), std::nullopt, col.comment);
    for (const auto& c : table.constraints)
      Comment("CONSTRAINT " + model::QuoteIdent(c.name) + " ON " + table.name.Sql(),
              ConstraintId(table.name, c.name), std::nullopt, c.comment);
  }

  void DiffTableLevel(const Table& from, const Table& to) {
    uint32_t what = 0;
    if (from.unlogged != to.unlogged) what |= kTableUnlogged;
    if (from.options != to.options) what |= kTableOptions;
    if (CurrentTableName(from.partition_of) != to.partition_of ||
        from.partition_bound != to.partition_bound)
      what |= kTablePartition;
    std::vector<QualifiedName> from_parents;
    for (const auto& p : from.inherits) from_parents.push_back(CurrentTableName(p));
    if (from_parents != to.inherits) what |= kTableInherits;
    if (from.engine != to.engine) what |= kTableEngine;
    if (from.charset != to.charset || from.collation != to.collation) what |= kTableCharset;
    if (what) out_.push_back(AlterTable{from, to, what});
  }

  void DiffTable(const Table& from_table, const Table& to_table) {
    DiffTableLevel(from_table, to_table);
    Table from = from_table, to = to_table;
    // A table becoming a partition (or leaving its parent) keeps its columns on the server.
    if (from.partition_of.name.empty() != to.partition_of.name.empty()) {
      from.columns = ServerColumns(from_, from_table);
      to.columns = ServerColumns(to_, to_table);
    }
    // NO INHERIT leaves the parent's columns and CHECKs on the child as its own.
    for (const auto& p : from_table.inherits) {
      auto parent = from_.tables.find(p);
      if (parent == from_.tables.end() || std::find(to.inherits.begin(), to.inherits.end(),
                                                    CurrentTableName(p)) != to.inherits.end())
        continue;
      for (const auto& col : parent->second.columns)
        if (!from.FindColumn(col.name)) from.columns.push_back(col);
      for (const auto& c : parent->second.constraints)
        if (c.kind == ConstraintKind::kCheck && !c.no_inherit && !from.FindConstraint(c.name))
          from.constraints.push_back(c);
    }
    const QualifiedName& tn = to.name;
    Comment("TABLE " + tn.Sql(), TableId(tn), from.comment, to.comment);

    std::set<std::string> matched_columns;
    for (const auto& col : to.columns) {
      const Column* old = FindColumn(from, col.name);
      if (!old && !col.renamed_from.empty() && !to.FindColumn(col.renamed_from)) {
        old = from.FindColumn(col.renamed_from);
        if (old) out_.push_back(RenameColumn{tn, old->name, col.name});
      }
      if (!old) {
        out_.push_back(AddColumn{tn, col});
        Comment("COLUMN " + tn.Sql() + "." + model::QuoteIdent(col.name), ColumnId(tn, col.name),
                std::nullopt, col.comment);
        continue;
      }
      matched_columns.insert(old->name);
      DiffColumn(tn, *old, col);
    }
    for (const auto& col : from.columns) {
      if (matched_columns.count(col.name)) continue;
      dropped_columns_.insert(ColumnId(tn, col.name));
      if (options_.allow_drops) out_.push_back(DropColumn{tn, col});
    }

    std::set<std::string> matched_constraints;
    for (const auto& c : to.constraints) {
      const Constraint* old = from.FindConstraint(c.name);
      if (!old && !c.renamed_from.empty() && !to.FindConstraint(c.renamed_from)) {
        old = from.FindConstraint(c.renamed_from);
        if (old && SameConstraint(Renamed(*old, tn), c))
          out_.push_back(RenameConstraint{tn, old->name, c.name});
      }
      // A name the file leaves to the server (after the table's, which may have changed): the
      // same key under another name is the one meant. PostgreSQL renames it to the name it would
      // choose now; MySQL keeps a foreign key's old name when its table was renamed (renaming it
      // there means rebuilding it).
      const bool mysql = to_.dialect == model::Dialect::kMySql;
      if (!old && c.name_generated &&
          (!mysql || (c.kind == ConstraintKind::kForeignKey && from.name != tn))) {
        for (const auto& o : from.constraints) {
          if (matched_constraints.count(o.name) || to.FindConstraint(o.name) ||
              !SameConstraint(Renamed(o, tn), c))
            continue;
          old = &o;
          if (!mysql) out_.push_back(RenameConstraint{tn, o.name, c.name});
          break;
        }
      }
      if (old) matched_constraints.insert(old->name);
      // A foreign key to a recreated table goes before its DROP TABLE and comes back after.
      bool ref_recreated = c.kind == ConstraintKind::kForeignKey && recreated_.count(c.ref_table);
      if (old && SameConstraint(Renamed(*old, tn), c) && !ref_recreated) {
        if (old->comment != c.comment)
          Comment("CONSTRAINT " + model::QuoteIdent(c.name) + " ON " + tn.Sql(),
                  ConstraintId(tn, c.name), old->comment, c.comment);
        continue;
      }
      if (old) out_.push_back(DropConstraint{tn, *old});
      out_.push_back(AddConstraint{tn, c});
      Comment("CONSTRAINT " + model::QuoteIdent(c.name) + " ON " + tn.Sql(),
              ConstraintId(tn, c.name), std::nullopt, c.comment);
    }
    for (const auto& c : from.constraints) {
      if (matched_constraints.count(c.name)) continue;
      // Dropped explicitly even when a dropped column would take it along: the planner orders
      // it first, so the plan says what goes.
      out_.push_back(DropConstraint{tn, c});
    }
  }

  void DiffColumn(const QualifiedName& tn, const Column& from, const Column& to) {
    if (from.generated != to.generated || from.generated_virtual != to.generated_virtual) {
      // A generation expression cannot be altered in place: drop and add the column.
      out_.push_back(DropColumn{tn, from});
      out_.push_back(AddColumn{tn, to});
      return;
    }
    uint32_t what = 0;
    if (from.type != to.type) what |= kColumnType;
    if (from.not_null != to.not_null) what |= kColumnNotNull;
    if (from.default_expr != to.default_expr) what |= kColumnDefault;
    if (from.collation != to.collation) what |= kColumnCollation;
    if (from.identity != to.identity) what |= kColumnIdentity;
    if (from.charset != to.charset) what |= kColumnCharset;
    if (from.auto_increment != to.auto_increment) what |= kColumnAutoIncrement;
    if (from.on_update != to.on_update) what |= kColumnOnUpdate;
    if (what) {
      Column old = from;
      old.name = to.name;
      out_.push_back(AlterColumn{tn, old, to, what});
    }
    if (from.comment != to.comment)
      Comment("COLUMN " + tn.Sql() + "." + model::QuoteIdent(to.name), ColumnId(tn, to.name),
              from.comment, to.comment);
  }

  // MySQL column names are case-insensitive: `Name` and `name` are one column.
  const Column* FindColumn(const Table& table, const std::string& name) const {
    if (const Column* exact = table.FindColumn(name)) return exact;
    if (to_.dialect != model::Dialect::kMySql) return nullptr;
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (const auto& c : table.columns)
      if (lower(c.name) == lower(name)) return &c;
    return nullptr;
  }

  QualifiedName PreviousTableName(const QualifiedName& current) const {
    for (const auto& [old, now] : renamed_tables_)
      if (now == current) return old;
    return current;
  }

  QualifiedName CurrentTableName(const QualifiedName& old) const {
    auto it = renamed_tables_.find(old);
    return it == renamed_tables_.end() ? old : it->second;
  }

  void DiffIndexes() {
    std::set<QualifiedName> matched;
    for (const auto& [name, index] : to_.indexes) {
      const Index* old = nullptr;
      // The key in from_.indexes: MySQL keys an index by "table.index", not by its name.
      QualifiedName old_key = name;
      auto it = from_.indexes.find(name);
      if (it != from_.indexes.end()) old = &it->second;
      if (!old && !index.renamed_from.empty()) {
        QualifiedName hint = HintName(index.renamed_from, name.schema);
        // MySQL names an index within its table (under the table's old name, if renamed).
        if (to_.dialect == model::Dialect::kMySql)
          hint = {name.schema, PreviousTableName(index.table).name + "." + index.renamed_from};
        auto hit = from_.indexes.find(hint);
        if (hit != from_.indexes.end() && !to_.indexes.count(hint)) {
          old = &hit->second;
          old_key = hint;
          out_.push_back(RenameIndex{hint, name});
        }
      }
      // A recreated table's indexes are dropped explicitly, so that its rollback has them.
      if (old && recreated_.count(old->table)) {
        matched.insert(old_key);
        out_.push_back(DropIndex{*old});
        old = nullptr;
      }
      if (old) {
        matched.insert(old_key);
        Index moved = *old;
        moved.table = CurrentTableName(old->table);
        if (SameIndex(Renamed(moved), index)) {
          Comment("INDEX " + name.Sql(), IndexId(name), old->comment, index.comment);
          continue;
        }
        out_.push_back(DropIndex{*old});
      }
      out_.push_back(CreateIndex{index});
      Comment("INDEX " + name.Sql(), IndexId(name), std::nullopt, index.comment);
    }
    for (const auto& [name, index] : from_.indexes) {
      if (matched.count(name)) continue;
      if (dropped_tables_.count(index.table) && !recreated_.count(index.table))
        continue;  // goes with its table
      out_.push_back(DropIndex{index});
    }
  }

  void Statistics(const std::string& target, const std::string& id, int from, int to) {
    if (from != to) out_.push_back(SetStatistics{target, id, from, to});
  }

  // After tables and indexes: a column or index created or recreated starts at the default.
  void DiffStatistics() {
    for (const auto& [name, table] : to_.tables) {
      auto old = from_.tables.find(name);
      for (const auto& col : table.columns) {
        const model::Column* before =
            old == from_.tables.end() ? nullptr : old->second.FindColumn(col.name);
        int was = before ? before->statistics : -1;
        if (was == col.statistics) continue;  // the common case: spare building the names
        Statistics("TABLE " + name.Sql() + " ALTER COLUMN " + model::QuoteIdent(col.name),
                   ColumnId(name, col.name), was, col.statistics);
      }
    }
    for (const auto& [name, index] : to_.indexes) {
      std::map<int, int> before;
      auto old = from_.indexes.find(name);
      if (index.statistics.empty() &&
          (old == from_.indexes.end() || old->second.statistics.empty()))
        continue;
      if (old != from_.indexes.end()) {
        Index moved = old->second;
        moved.table = CurrentTableName(moved.table);
        if (SameIndex(moved, index)) before = old->second.statistics;
      }
      std::set<int> positions;
      for (const auto& [pos, n] : before) positions.insert(pos);
      for (const auto& [pos, n] : index.statistics) positions.insert(pos);
      for (int pos : positions) {
        auto f = before.find(pos);
        auto t = index.statistics.find(pos);
        Statistics("INDEX " + name.Sql() + " ALTER COLUMN " + std::to_string(pos), IndexId(name),
                   f == before.end() ? -1 : f->second,
                   t == index.statistics.end() ? -1 : t->second);
      }
    }
  }

  void DiffSequences() {
    for (const auto& [name, seq] : to_.sequences) {
      auto it = from_.sequences.find(name);
      // DROP TABLE takes the sequences it owns along: a recreated table's come back.
      if (it != from_.sequences.end() && recreated_.count(it->second.owned_by_table))
        it = from_.sequences.end();
      if (it == from_.sequences.end()) {
        out_.push_back(CreateSequence{seq});
        Comment("SEQUENCE " + name.Sql(), SequenceId(name), std::nullopt, seq.comment);
        continue;
      }
      Sequence old = it->second;
      if (!old.owned_by_table.name.empty())
        old.owned_by_table = CurrentTableName(old.owned_by_table);
      if (!SameSequence(old, seq)) out_.push_back(AlterSequence{it->second, seq});
      Comment("SEQUENCE " + name.Sql(), SequenceId(name), it->second.comment, seq.comment);
    }
    for (const auto& [name, seq] : from_.sequences) {
      if (to_.sequences.count(name)) continue;
      // An owned sequence goes with its table or column.
      bool owner_dropped =
          !seq.owned_by_table.name.empty() &&
          (dropped_tables_.count(seq.owned_by_table) ||
           dropped_columns_.count(ColumnId(seq.owned_by_table, seq.owned_by_column)));
      if (owner_dropped) continue;
      if (options_.allow_drops) out_.push_back(DropSequence{seq});
    }
  }

  const Catalog& from_;
  const Catalog& to_;
  const DiffOptions& options_;
  ChangeSet out_;
  std::map<QualifiedName, QualifiedName> renamed_tables_;
  std::set<QualifiedName> dropped_tables_;
  /// The indexes of each table of `from_`, read once when the first table is dropped.
  std::map<QualifiedName, std::vector<const Index*>> from_indexes_by_table_;
  /// New table name -> old column name -> new column name.
  std::map<QualifiedName, std::map<std::string, std::string>> renamed_columns_;
  std::set<QualifiedName> recreated_;
  std::set<std::string> dropped_columns_;
};

}  // namespace

bool SameIndex(const Index& a, const Index& b) {
  return a.table == b.table && a.unique == b.unique &&
         a.nulls_not_distinct == b.nulls_not_distinct && a.method == b.method && a.keys == b.keys &&
         a.include == b.include && a.where == b.where && a.options == b.options;
}

ChangeSet Diff(const Catalog& from, const Catalog& to, const DiffOptions& options) {
  return Differ(from, to, options).Run();
}

}  // namespace keel::diff
