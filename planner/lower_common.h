// What the lowering of every dialect shares: the rank order of step kinds (the Kahn tie-break)
// and small helpers.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"

namespace keel::planner {

// Ranks: the Kahn tie-break before the object name. Creates early, drops late; a view pins the
// columns under it, so views are dropped before every other drop and created after indexes.
enum Rank {
  kRankCreateExtension = 0,
  kRankCreateSchema = 0,
  kRankCreateType = 1,
  kRankCreateFunction = 1,
  kRankCreateSequence = 1,
  kRankCreateTable = 2,
  kRankRename = 3,
  kRankAddColumn = 4,
  kRankAlterColumn = 5,
  kRankAlterType = 5,
  kRankAlterSequence = 6,
  kRankAddConstraint = 7,
  kRankCreateIndex = 8,
  kRankCreateView = 9,
  kRankAddForeignKey = 9,
  kRankCreatePolicy = 9,
  kRankComment = 10,
  kRankCreateTrigger = 10,
  kRankRowSecurity = 10,
  kRankGrant = 11,
  kRankDropView = 19,
  kRankDropPolicy = 19,
  kRankDropTrigger = 20,
  kRankDropForeignKey = 20,
  kRankDropIndex = 21,
  kRankDropConstraint = 22,
  kRankDropColumn = 23,
  kRankDropTable = 24,
  kRankDropSequence = 25,
  kRankDropFunction = 25,
  kRankDropSchema = 26,
  kRankDropType = 27,
  kRankDropExtension = 28,
};

inline void Append(std::vector<std::string>& to, const std::vector<std::string>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

inline const model::Table* FindTable(const model::Catalog& c, const model::QualifiedName& t) {
  auto it = c.tables.find(t);
  return it == c.tables.end() ? nullptr : &it->second;
}

}  // namespace keel::planner
