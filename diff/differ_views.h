// Internal to diff/: views and materialized views, diffed after every other family so that
// column and index changes already in the change set can force views to be recreated.
#pragma once

#include <set>
#include <string>
#include <utility>

#include "diff/change.h"
#include "diff/differ.h"
#include "model/catalog.h"

namespace keel::diff {

/// Table columns the change set retypes, drops or renames: a view or policy over them must be
/// dropped before and created again after ("cannot alter type of a column used by a view").
std::set<std::pair<model::QualifiedName, std::string>> ColumnsUnderChange(const ChangeSet& out);

void DiffViews(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
               ChangeSet& out);

}  // namespace keel::diff
