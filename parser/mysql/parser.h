// MySQL / MariaDB schema files -> model::Catalog, through our ANTLR grammar
// (grammars/mysql/MySqlDdl.g4). The catalog follows the server's own spelling: see types.h
// for columns (a charset without COLLATE gets its default collation, as the server reports
// it); databases are schemas, the current one (USE, or none) is "".
//
// Index names are unique per table in MySQL, so catalog.indexes keys an index by
// {database, "table.index"}; Index::name holds {database, "index"}. A PRIMARY KEY is the
// constraint named PRIMARY; UNIQUE and plain keys are indexes; a foreign key without an index
// to use gets the one the server would create.
#pragma once

#include <vector>

#include "model/catalog.h"
#include "parser/diagnostic.h"
#include "parser/mysql/types.h"
#include "parser/source.h"

namespace keel::parser::mysql {

struct ParseOptions {
  /// Data statements (INSERT/REPLACE/UPDATE/DELETE) become errors instead of one warning.
  bool strict = false;
  /// Whose defaults fill in what a file leaves out: collations, names of unnamed CHECKs.
  Server server = Server::kMariaDb;
  /// The database's defaults for tables that name none (known from a live server); empty:
  /// left empty.
  std::string default_engine;
  std::string default_charset;
  std::string default_collation;  // empty: the charset's default
};

struct ParseResult {
  model::Catalog catalog;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return errors.empty(); }
};

/// Parses every file into one catalog, statements in order (a DROP removes what came before).
ParseResult ParseMySqlFiles(const std::vector<SourceFile>& files, const ParseOptions& options = {});

/// The key of a MySQL index in model::Catalog::indexes.
model::QualifiedName IndexKey(const model::QualifiedName& table, const std::string& index);

/// SHOW CREATE TABLE's order of a table's constraints: the primary key, foreign keys by name,
/// then checks in their own order.
void OrderConstraints(std::vector<model::Constraint>& constraints);

}  // namespace keel::parser::mysql
