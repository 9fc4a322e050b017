// The catalog queries of introspect/queries/*.sql, embedded at build time by
// embed_queries.cmake.
#pragma once

#include <map>
#include <string>

namespace keel::introspect {

/// Query text keyed by file stem ("tables", "columns", ...).
const std::map<std::string, std::string>& EmbeddedQueries();

}  // namespace keel::introspect
