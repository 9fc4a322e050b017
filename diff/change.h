// The closed, typed change vocabulary: the only contract between diff and planner. Every
// change carries the object's state before and/or after, so it knows its own inverse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/catalog.h"

namespace keel::diff {

struct CreateSchema {
  model::Schema schema;
};
struct DropSchema {
  model::Schema schema;
};

struct CreateTable {
  model::Table table;  // columns and non-FK constraints; FKs come as AddConstraint
};
struct DropTable {
  model::Table table;
  /// What goes with the table and comes back with its rollback: its own indexes (not those
  /// of its constraints) and triggers. Empty when the diff drops them on their own.
  std::vector<model::Index> indexes;
  std::vector<model::Trigger> triggers;
};
struct RenameTable {
  model::QualifiedName from;
  model::QualifiedName to;
};

/// What changed in an AlterTable.
enum TableChange : uint32_t {
  kTableUnlogged = 1u << 0,   // SET LOGGED / SET UNLOGGED
  kTableOptions = 1u << 1,    // storage parameters: SET (...) / RESET (...)
  kTablePartition = 1u << 2,  // partition parent or bound: DETACH and/or ATTACH PARTITION
  kTableInherits = 1u << 3,   // INHERIT / NO INHERIT
  kTableEngine = 1u << 4,     // MySQL ENGINE
  kTableCharset = 1u << 5,    // MySQL default CHARACTER SET / COLLATE
};

/// Table-level properties of a table that stays; `from` and `to` carry the whole table.
struct AlterTable {
  model::Table from;
  model::Table to;
  uint32_t what = 0;  // TableChange bits
};

struct AddColumn {
  model::QualifiedName table;
  model::Column column;
};
struct DropColumn {
  model::QualifiedName table;
  model::Column column;
};
struct RenameColumn {
  model::QualifiedName table;
  std::string from;
  std::string to;
};

/// What changed inside an AlterColumn.
enum ColumnChange : uint32_t {
  kColumnType = 1u << 0,
  kColumnNotNull = 1u << 1,
  kColumnDefault = 1u << 2,
  kColumnCollation = 1u << 3,
  kColumnIdentity = 1u << 4,
  kColumnGenerated = 1u << 5,
  kColumnComment = 1u << 6,
  kColumnCharset = 1u << 7,        // MySQL CHARACTER SET
  kColumnAutoIncrement = 1u << 8,  // MySQL AUTO_INCREMENT
  kColumnOnUpdate = 1u << 9,       // MySQL ON UPDATE
};

struct AlterColumn {
  model::QualifiedName table;
  model::Column from;
  model::Column to;
  uint32_t what = 0;  // ColumnChange bits
};

struct AddConstraint {
  model::QualifiedName table;
  model::Constraint constraint;
};
struct DropConstraint {
  model::QualifiedName table;
  model::Constraint constraint;
};
struct RenameConstraint {
  model::QualifiedName table;
  std::string from;
  std::string to;
};

struct CreateIndex {
  model::Index index;
};
struct DropIndex {
  model::Index index;
};
struct RenameIndex {
  model::QualifiedName from;
  model::QualifiedName to;
};

struct CreateSequence {
  model::Sequence sequence;
};
struct DropSequence {
  model::Sequence sequence;
};
struct AlterSequence {
  model::Sequence from;
  model::Sequence to;
};

/// COMMENT ON for any commentable object; `target` is the SQL object spelling
/// ("TABLE public.t", "COLUMN public.t.c", "CONSTRAINT c ON public.t"…).
struct SetComment {
  std::string target;
  std::string object_id;  // identity of the commented object, for ordering
  std::optional<std::string> from;
  std::optional<std::string> to;
};

/// SET STATISTICS on a table column or an index column; -1 is the server's default.
struct SetStatistics {
  std::string target;     // "TABLE public.t ALTER COLUMN c", "INDEX public.i ALTER COLUMN 1"
  std::string object_id;  // the column or index it acts on
  int from = -1;
  int to = -1;
};

struct CreateView {
  model::View view;
};
struct DropView {
  model::View view;
};
/// CREATE OR REPLACE VIEW: same kind, `to` keeps `from`'s columns as a prefix.
struct ReplaceView {
  model::View from;
  model::View to;
};

}  // namespace keel::diff

#include "diff/change_routines.h"  // NOLINT: functions and triggers
#include "diff/change_security.h"  // NOLINT: policies, row-level security, privileges
#include "diff/change_types.h"     // NOLINT: user types and extensions

namespace keel::diff {

using Change =
    std::variant<CreateSchema, DropSchema, CreateTable, DropTable, RenameTable, AddColumn,
                 DropColumn, RenameColumn, AlterColumn, AddConstraint, DropConstraint,
                 RenameConstraint, CreateIndex, DropIndex, RenameIndex, CreateSequence,
                 DropSequence, AlterSequence, SetComment, CreateView, DropView, ReplaceView,
                 TypeChange, RoutineChange, SetStatistics, AlterTable, SecurityChange>;

using ChangeSet = std::vector<Change>;

/// The change that undoes `change`.
Change Inverse(const Change& change);

/// A one-line description for summaries: "add column public.t.c".
std::string Describe(const Change& change);

/// Stable identities used by the dependency graph: "table:public.t", "column:public.t.c"…
std::string SchemaId(const std::string& schema);
std::string TableId(const model::QualifiedName& table);
std::string ColumnId(const model::QualifiedName& table, const std::string& column);
std::string ConstraintId(const model::QualifiedName& table, const std::string& constraint);
std::string IndexId(const model::QualifiedName& index);
std::string SequenceId(const model::QualifiedName& sequence);
std::string ViewId(const model::QualifiedName& view);

}  // namespace keel::diff
