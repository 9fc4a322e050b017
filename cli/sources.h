// Turns a source argument (files, git:REV:path, live database) into a normalized catalog.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "parser/mysql/parser.h"

namespace keel::cli {

struct LoadedCatalog {
  model::Catalog catalog;
  std::string label;    // for headers; passwords redacted
  std::string db_spec;  // the database it was read from; empty for files
};

class Timings;

struct LoadOptions {
  bool strict = false;
  bool quiet = false;
  Timings* timings = nullptr;  // records read/parse/introspect/normalize as SIDE.stage
  std::string side;            // "from" or "to"
  /// How schema files are parsed; a live database is read as what it is.
  model::Dialect dialect = model::Dialect::kPostgres;
  /// MySQL files: the server and database defaults that fill in what a file leaves out.
  parser::mysql::ParseOptions mysql = {};
};

/// The defaults of the live MySQL database among `specs` (none: `options` unchanged), so files
/// compared with it inherit what tables created there inherit. Errors are left to LoadCatalog.
/// A database URL with its password redacted, whichever server it names.
std::string RedactDatabase(const std::string& url);

void UseLiveMySqlDefaults(const std::vector<std::string>& specs,
                          parser::mysql::ParseOptions* options);

/// The dialect of a command's sources: --dialect (`choice`, empty when not given), else
/// MySQL when a source is a mysql:// database, else PostgreSQL. Mixing the two kinds is a usage
/// error. Returns an exit code.
int ResolveDialect(const std::string& choice, const std::vector<std::string>& specs,
                   model::Dialect* dialect, std::ostream& err);

/// Loads and normalizes the union of `specs` (all files, or exactly one database). Returns an
/// exit code (0 on success) after printing diagnostics to `err`.
int LoadCatalog(const std::vector<std::string>& specs, const LoadOptions& options,
                LoadedCatalog* out, std::ostream& err);

}  // namespace keel::cli
