// The catalog queries of introspect/mysql/queries/*.sql, embedded at build time by
// introspect/embed_queries.cmake.
#pragma once

#include <map>
#include <string>

namespace keel::introspect::mysql {

/// Query text keyed by file stem ("tables", "columns", ...).
const std::map<std::string, std::string>& EmbeddedQueries();

}  // namespace keel::introspect::mysql
