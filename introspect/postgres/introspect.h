// Live PostgreSQL -> model::Catalog, in a fixed, small number of bulk catalog queries.
#pragma once

#include <memory>
#include <string>

#include "model/catalog.h"

// libpqxx 6.4 spells pqxx::connection as an alias of a template, so a plain `class connection;`
// would clash with <pqxx/connection>.
namespace pqxx {
class connect_direct;
template <typename CONNECTPOLICY>
class basic_connection_base;
using connection = basic_connection_base<connect_direct>;
}  // namespace pqxx

namespace keel::introspect::postgres {

/// Thrown when the database cannot be reached; the message names host and port, never the
/// password.
struct ConnectError {
  std::string message;
};

/// Opens a connection for a URL or conninfo (empty: $DATABASE_URL, then the libpq environment).
/// connect_timeout defaults to 5 s so an unreachable server fails fast. Throws ConnectError.
std::unique_ptr<pqxx::connection> Connect(const std::string& url);

/// Reads user schemas (everything but pg_catalog, information_schema, pg_toast*, keel; only
/// model::InSchema() when set) into a catalog with canonical spellings (types via format_type
/// with search_path = model::DefaultSchema(), expressions through
/// parser::postgres::CanonicalExpr). Reads table statistics too.
model::Catalog Introspect(pqxx::connection& conn);

/// "SET LOCAL search_path = <model::DefaultSchema()>": the server then prints types, regclass
/// literals and view bodies as the schema files spell them.
std::string SetLocalSearchPath();

/// A connection string with any password removed, for messages and logs.
std::string RedactUrl(const std::string& url);

}  // namespace keel::introspect::postgres
