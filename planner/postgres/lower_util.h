// Pieces every lowering file shares: step construction and the rank order of step kinds.
#pragma once

#include <string>
#include <vector>

#include "diff/change.h"
#include "model/catalog.h"
#include "model/overloaded.h"
#include "planner/lower_common.h"
#include "planner/plan.h"

namespace keel::planner::postgres {

inline std::string AlterTable(const model::QualifiedName& t) {
  return "ALTER TABLE " + t.Sql() + " ";
}

// The type of a column, as an object of its own: constraints, indexes and policies over the
// column are built for it, so the ones being dropped go before the type changes ("cannot be
// implemented", "operator does not exist"), and new ones come after.
inline std::string TypeId(const std::string& column_id) { return "type:" + column_id; }

inline std::vector<std::string> TypeIds(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids)
    if (id.rfind("column:", 0) == 0) out.push_back(TypeId(id));
  return out;
}

// The NOT NULL marking of a column, as an object of its own: a primary key uses it, so it can
// only be dropped after the primary key over the column is.
inline std::string NotNullId(const model::QualifiedName& t, const std::string& column) {
  return "not-null:" + diff::ColumnId(t, column);
}

// A table has one primary key: a new one (under another name) is added after the old one is
// dropped ("multiple primary keys for table are not allowed").
inline std::string PrimaryKeyId(const model::QualifiedName& t) {
  return "primary-key:" + diff::TableId(t);
}

inline Step MakeStep(std::string object, std::string description, int rank,
                     LockLevel lock = LockLevel::kAccessExclusive) {
  Step s;
  s.object = std::move(object);
  s.description = std::move(description);
  s.rank = rank;
  s.lock = lock;
  return s;
}

}  // namespace keel::planner::postgres
