// Functions, procedures and triggers of a live database.
#pragma once

#include <pqxx/pqxx>

#include "model/catalog.h"

namespace keel::introspect::postgres {

/// Reads the rows of queries/functions.sql and queries/triggers.sql into `catalog`: each
/// definition goes through the schema-file parser, so both sides are spelled alike.
void ReadRoutineRows(const pqxx::result& functions, const pqxx::result& triggers,
                     const pqxx::result& definitions, model::Catalog& catalog);

}  // namespace keel::introspect::postgres
