// Lowering of table-level changes: persistence, storage parameters, partitions and inheritance
// (lower_partition.cpp), and the facts partitions add to other steps.
#pragma once

#include <string>
#include <vector>

#include "diff/change.h"
#include "planner/plan.h"
#include "planner/postgres/lower.h"

namespace keel::planner::postgres {

std::vector<Step> LowerAlterTable(const diff::AlterTable& c, const LowerContext& ctx);

/// The tables a partition or inheritance child cannot exist without: its parents.
std::vector<std::string> ParentNeeds(const model::Table& table);
/// Columns a partition has through its root table (empty for other tables).
std::vector<std::string> InheritedColumns(const model::Catalog& catalog, const model::Table& t);
/// An index on an existing partitioned table whose partitions all exist and are not
/// partitioned themselves, built without blocking writes: the parent's index ON ONLY itself,
/// each partition's CONCURRENTLY, then ATTACH PARTITION. Empty when the pattern does not apply.
/// `needs` are the index's own (table, columns, expressions).
std::vector<Step> LowerCreatePartitionedIndex(const model::Index& index, const LowerContext& ctx,
                                              const std::vector<std::string>& needs);
/// True for a partitioned table: its indexes cannot be built or dropped CONCURRENTLY.
bool IsPartitioned(const model::Catalog& catalog, const model::QualifiedName& table);

}  // namespace keel::planner::postgres
