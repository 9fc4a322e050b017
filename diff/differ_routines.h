// Internal to diff/: functions, procedures and triggers, diffed after tables (a trigger follows
// its table's rename and goes with its table's drop).
#pragma once

#include "diff/change.h"
#include "diff/differ.h"
#include "model/catalog.h"

namespace keel::diff {

void DiffRoutines(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
                  ChangeSet& out);

/// Whether CREATE OR REPLACE can turn `from` into `to` (same identity assumed): the server
/// rejects a new return type, renamed or retyped arguments and removed defaults.
bool CanReplaceFunction(const model::Function& from, const model::Function& to);

}  // namespace keel::diff
