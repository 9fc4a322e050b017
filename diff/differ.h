// (from, to) catalogs -> ChangeSet. A pure function; both catalogs must be normalized.
#pragma once

#include "diff/change.h"
#include "model/catalog.h"

namespace keel::diff {

struct DiffOptions {
  /// Drops of schemas, tables, columns… are emitted (they are hazards, reported by the planner).
  bool allow_drops = true;
  /// GRANT/REVOKE: privileges are compared only when asked (--privileges); otherwise both
  /// sides' privileges are ignored.
  bool privileges = false;
};

/// Changes that turn `from` into `to`, in a stable order (by object identity). Renames only
/// through renamed_from hints on the `to` side.
ChangeSet Diff(const model::Catalog& from, const model::Catalog& to,
               const DiffOptions& options = {});

/// True when two indexes have the same definition (the diff leaves such an index alone).
bool SameIndex(const model::Index& a, const model::Index& b);

}  // namespace keel::diff
