// Internal to diff/: views and materialized views, diffed after every other family so that
// column and index changes already in the change set can force views to be recreated.
#pragma once

#include "diff/change.h"
#include "diff/differ.h"
#include "model/catalog.h"

namespace keel::diff {

void DiffViews(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
               ChangeSet& out);

}  // namespace keel::diff
