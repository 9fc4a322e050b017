// Lowering of typed changes into MySQL / MariaDB plan steps. ALTER TABLE steps carry their
// clauses separately, so that the clauses of one table can share one statement (one table
// rebuild instead of many); see MergeAlters. The rules, and which ALGORITHM each change gets,
// are tabled in docs/mysql.md.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diff/change.h"
#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::planner::mysql {

/// How the server runs an ALTER TABLE, weakest first. kCopy writes no ALGORITHM clause (the
/// server picks, and keel assumes the worst: a copy that blocks writes).
enum class Algorithm { kCopy, kInplace, kInstant };

/// Where a clause sits in a merged statement: drops first, then changes, then additions.
enum ClauseOrder {
  kDropKey = 0,
  kDropColumnClause = 1,
  kModifyColumn = 2,
  kAddColumnClause = 3,
  kAddKey = 4,
  kAddCheck = 5,
  kTableOption = 6,
};

struct Clause {
  std::string sql;   // "ADD COLUMN `c` int AFTER `b`"
  int order = 0;     // ClauseOrder
  int position = 0;  // among added columns: the column's place in the desired table
};

/// The ALTER TABLE a step runs (or its rollback runs).
struct Alter {
  model::QualifiedName table;
  std::vector<Clause> clauses;
  Algorithm algorithm = Algorithm::kCopy;
  /// Never shares a statement: foreign keys (they order against other tables' keys), renames,
  /// FULLTEXT/SPATIAL keys (one per statement), partitioning.
  bool alone = false;
  /// Runs with foreign_key_checks off: a foreign key added in place, its rows checked apart.
  bool unchecked = false;
};

/// A lowered change: a step whose SQL is either set, or is `alter` rendered after merging.
struct Lowered {
  Step step;
  std::optional<Alter> alter;
  std::optional<Alter> undo;  // rollback of `alter`, when the rollback is an ALTER TABLE
};

struct Context {
  const model::Catalog& from;
  const model::Catalog& to;
  std::set<model::QualifiedName> new_tables;  // created by this plan
  std::map<model::QualifiedName, std::vector<const model::Index*>> from_indexes, to_indexes;
  const std::vector<const model::Index*>& IndexesOn(const model::Catalog& catalog,
                                                    const model::QualifiedName& table) const;
  /// The table an ALTER's algorithm is chosen for: the current one, but no more online than
  /// the desired one (a table that becomes MyISAM or partitioned in one step of the plan must
  /// not get ALGORITHM=INSTANT in another), with the options of both.
  const model::Table& Subject(const model::QualifiedName& table) const;
  /// The desired table as column definitions are rendered against: when its default
  /// character set changes in the plan, every textual column names its own.
  const model::Table& Rendered(const model::QualifiedName& table) const;
  /// The keys of the table on either side.
  std::vector<const model::Index*> AnyIndexesOn(const model::QualifiedName& table) const;
  std::map<model::QualifiedName, model::Table> subjects, rendered;
};

/// A context over (from, to) for `changes`.
Context MakeContext(const model::Catalog& from, const model::Catalog& to,
                    const diff::ChangeSet& changes);

/// The steps of one change, forward only; empty when the change needs no statement of its own
/// (an index or comment of a new table is part of its CREATE TABLE). Sets `error` for a change
/// MySQL has no counterpart of.
std::vector<Lowered> Lower(const diff::Change& change, const Context& ctx, std::string* error);

/// "ALTER TABLE `t` c1, c2, ALGORITHM=INSTANT"
std::string AlterSql(const Alter& alter);

/// The catalog key of a MySQL index ({db, "table.index"}) and its identity for ordering.
model::QualifiedName IndexKeyOf(const model::Index& index);
std::string IndexIdOf(const model::Index& index);

/// Every change lowered with its rollback, ALTER TABLE clauses of one table merged where they
/// can share a statement; steps unordered. Sets `error` for a change MySQL cannot express.
std::vector<Step> LowerChanges(const diff::ChangeSet& changes, const model::Catalog& from,
                               const model::Catalog& to, std::string* error);

}  // namespace keel::planner::mysql
