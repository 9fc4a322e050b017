// View bodies: the same analysis for a file's SELECT and for pg_get_viewdef's output, so the two
// compare equal and yield the same dependencies.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"

namespace keel::parser::postgres {

/// Parses `select_sql` (one SELECT/VALUES, trailing ';' allowed) into `view`: query (sql and
/// canonical key), output columns, referenced relations, functions and column names.
/// `column_names` (CREATE VIEW v (a, b)) rename the first outputs. Returns false when the text
/// is not a single query.
bool AnalyzeViewBody(const std::string& select_sql, const std::vector<std::string>& column_names,
                     model::View& view);

}  // namespace keel::parser::postgres
