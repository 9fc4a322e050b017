// Canonical spelling of partition keys and partition bounds, shared by the file parser and
// introspection so that both sides of a diff spell them the same way.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"

namespace keel::parser::postgres {

/// A PARTITION BY key as pg_get_partkeydef() prints it ("RANGE (created_at)"): emitted as is,
/// compared by a key where expressions are canonical. Unparsable text is kept verbatim.
model::Expr ServerPartitionKey(const std::string& partkeydef);

/// A partition bound ("FOR VALUES ...", "DEFAULT") in the server's spelling. `key_types` are the
/// types of the parent's key columns when known (empty entries for expressions): constants are
/// then printed as the server prints values of that type (dates, timestamps in UTC, unquoted
/// numbers). Unparsable text is returned unchanged.
std::string CanonicalPartitionBound(const std::string& bound,
                                    const std::vector<std::string>& key_types = {});

/// Column names of a key's elements ("" for expressions), from its canonical SQL.
std::vector<std::string> PartitionKeyColumns(const model::Expr& key);

}  // namespace keel::parser::postgres
