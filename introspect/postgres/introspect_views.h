// Internal to introspect/postgres: reading the rows of queries/views.sql.
#pragma once

#include <pqxx/pqxx>

#include "model/catalog.h"

namespace keel::introspect::postgres {

/// Views and materialized views from the rows of the "views" query; their bodies go through
/// the file side's analysis (parser::postgres::AnalyzeViewBody).
void ReadViewRows(const pqxx::result& rows, model::Catalog& catalog);

}  // namespace keel::introspect::postgres
