// Introspection of user types (enums, domains, composite types) and extensions.
#pragma once

#include <pqxx/pqxx>

#include "model/catalog.h"

namespace keel::introspect::postgres {

/// Fills enums, domains, composites and extensions from the rows of the "types" query.
void ReadTypes(const pqxx::result& rows, model::Catalog& catalog);

}  // namespace keel::introspect::postgres
