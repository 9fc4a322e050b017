// A live MySQL/MariaDB database -> model::Catalog, in the canonical form of
// parser/mysql/parser.h: the connection's current database is schema "", types, defaults,
// charsets and collations are spelled as ParseMySqlFiles spells them, so a file and the
// database it was loaded into compare equal. A fixed handful of information_schema queries
// (eleven), whatever the number of tables.
//
// Tested on MariaDB 10.11. For MySQL 8 the known differences are handled but untested:
// unquoted literal defaults with DEFAULT_GENERATED marking expressions, functional key parts in
// STATISTICS.EXPRESSION, CHECK_CONSTRAINTS without TABLE_NAME, cached TABLES statistics, and
// VIEWS without ALGORITHM (one SHOW CREATE VIEW per view there).
// Not read: events, grants, SYSTEM VERSIONING, INVISIBLE columns (the parser models none).
#pragma once

#include "introspect/mysql/connection.h"
#include "model/catalog.h"

namespace keel::introspect::mysql {

struct IntrospectStats {
  int queries = 0;  // statements sent to the server
};

/// The current database of `conn` (which must have one: throws std::runtime_error otherwise).
/// Tables carry est_rows and total_bytes from information_schema.TABLES.
model::Catalog Introspect(Connection& conn, IntrospectStats* stats = nullptr);

/// The database's defaults for tables that name none, as ParseOptions takes them.
struct DatabaseDefaults {
  std::string charset;
  std::string collation;
  std::string engine;
};
DatabaseDefaults ReadDatabaseDefaults(Connection& conn);

}  // namespace keel::introspect::mysql
