// Rename hints in schema files: `-- keel:renamed-from OLD` (or `/* @renamed from="OLD" */`) on
// the line of a table, column or index, or on a comment line just above it, says the object
// was renamed from OLD, so the plan renames it instead of dropping and creating it.
#pragma once

#include <string>

namespace keel::parser {

enum class HintNames {
  kFoldLower,  // PostgreSQL: unquoted names fold to lower case; "quoted" ones keep theirs
  kAsWritten,  // MySQL: names keep their case, `quoted` or "quoted" or not
};

/// The name a hint on the line of `offset` in `text`, or on a comment line just above it,
/// gives; empty when there is none.
std::string RenameHintAt(const std::string& text, size_t offset, HintNames names);

}  // namespace keel::parser
