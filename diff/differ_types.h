// The diff of user types (enums, domains, composite types) and extensions.
#pragma once

#include "diff/differ.h"

namespace keel::diff {

/// Appends the type and extension changes that turn `from` into `to`, in a stable order.
void DiffTypes(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
               ChangeSet& out);

}  // namespace keel::diff
