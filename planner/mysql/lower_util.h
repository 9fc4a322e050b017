// Pieces the MySQL lowering files share: step construction and dependency facts.
#pragma once

#include <string>
#include <vector>

#include "diff/change.h"
#include "model/catalog.h"
#include "planner/lower_common.h"
#include "planner/mysql/lower.h"

namespace keel::planner::mysql {

inline Lowered MakeLowered(std::string object, std::string description, int rank) {
  Lowered l;
  l.step.object = std::move(object);
  l.step.description = std::move(description);
  l.step.rank = rank;
  l.step.transactional = false;  // MySQL DDL commits implicitly
  l.step.lock = LockLevel::kNone;
  return l;
}

inline Alter MakeAlter(const model::QualifiedName& table, Algorithm algorithm, Clause clause,
                       bool alone = false) {
  return Alter{table, {std::move(clause)}, algorithm, alone};
}

/// The engine of a table, as an object of its own: foreign keys need both tables InnoDB, so
/// an ENGINE change comes after dropping them and before adding them.
inline std::string EngineId(const model::QualifiedName& table) {
  return "engine:" + table.Display();
}
/// The type of a column, as an object of its own: a foreign key over the column is dropped
/// before the type changes and added after.
inline std::string TypeId(const model::QualifiedName& table, const std::string& column) {
  return "type:" + diff::ColumnId(table, column);
}
/// The columns a CHECK's expression names (whole words, case-insensitive).
std::vector<std::string> CheckColumns(const model::Table& table, const model::Constraint& check);
/// What an index stands on: its table and the columns its keys name.
std::vector<std::string> IndexNeeds(const model::Index& index);
/// What a constraint stands on: its table, columns, and for a foreign key the referenced
/// table, columns and the key over them, and the local key the server would otherwise create.
std::vector<std::string> ConstraintNeeds(const model::QualifiedName& table,
                                         const model::Constraint& constraint,
                                         const model::Catalog& catalog, const Context& ctx);

// Lowering by object family (lower_keys.cpp).
std::vector<Lowered> LowerAddConstraint(const diff::AddConstraint& c, const Context& ctx);
std::vector<Lowered> LowerDropConstraint(const diff::DropConstraint& c, const Context& ctx);
std::vector<Lowered> LowerRenameConstraint(const diff::RenameConstraint& c, const Context& ctx);
std::vector<Lowered> LowerCreateIndex(const diff::CreateIndex& c, const Context& ctx);
std::vector<Lowered> LowerDropIndex(const diff::DropIndex& c, const Context& ctx);
std::vector<Lowered> LowerRenameIndex(const diff::RenameIndex& c, const Context& ctx);
std::vector<Lowered> LowerComment(const diff::SetComment& c, const Context& ctx);

}  // namespace keel::planner::mysql
