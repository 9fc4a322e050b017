// Internal to diff/: row-level security, policies and privileges, diffed after tables and
// columns so that a column change in the change set can force a policy to be recreated.
#pragma once

#include "diff/change.h"
#include "diff/differ.h"
#include "model/catalog.h"

namespace keel::diff {

void DiffSecurity(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
                  ChangeSet& out);

}  // namespace keel::diff
