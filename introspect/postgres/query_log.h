// Introspect() with a record of the statements it ran, so tests can prove that the number of
// catalog queries does not grow with the schema.
#pragma once

#include <string>
#include <vector>

#include "introspect/postgres/introspect.h"

namespace keel::introspect::postgres {

struct QueryLog {
  /// One entry per statement sent inside the introspection transaction: the query's file stem
  /// or the setup statement itself.
  std::vector<std::string> statements;
};

/// Same as Introspect(conn); appends every statement it sends to `log` when not null.
model::Catalog Introspect(pqxx::connection& conn, QueryLog* log);

}  // namespace keel::introspect::postgres
