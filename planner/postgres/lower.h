// Lowering of typed changes into PostgreSQL plan steps, one function per object family.
#pragma once

#include <map>
#include <set>
#include <vector>

#include "diff/change.h"
#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::planner::postgres {

/// Context a lowering rule may consult: both catalogs (for dependency facts, e.g. which
/// constraint backs a foreign key's referenced columns, and whether a table is new).
struct LowerContext {
  const model::Catalog& from;
  const model::Catalog& to;
  /// Tables created by this plan: their indexes need no CONCURRENTLY.
  std::set<model::QualifiedName> new_tables;
  PlanSettings settings;
  /// The indexes of each table, for lookups that would otherwise scan every index per change.
  std::map<model::QualifiedName, std::vector<const model::Index*>> from_indexes, to_indexes;
  const std::vector<const model::Index*>& IndexesOn(const model::Catalog& catalog,
                                                    const model::QualifiedName& table) const;
};

/// Fills from_indexes and to_indexes.
void IndexTables(LowerContext& ctx);

/// The steps of one change, unordered relative to other changes' steps.
std::vector<Step> Lower(const diff::Change& change, const LowerContext& ctx);

/// Objects an expression refers to that the plan may create or drop (sequences in nextval(),
/// columns of `table`).
std::vector<std::string> ExpressionNeeds(const model::Expr& expr, const model::Table* table);

}  // namespace keel::planner::postgres
