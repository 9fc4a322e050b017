// PostgreSQL schema files -> model::Catalog, through libpg_query (the server's own grammar).
#pragma once

#include <vector>

#include "model/catalog.h"
#include "parser/diagnostic.h"
#include "parser/source.h"

namespace keel::parser::postgres {

struct ParseOptions {
  /// Data statements (INSERT/UPDATE/DELETE/COPY…) become errors instead of one warning.
  bool strict = false;
};

struct ParseResult {
  model::Catalog catalog;  // not yet normalized
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return errors.empty(); }
};

/// Parses every file into one catalog. Statement order does not matter: ALTERs that refer to
/// objects created later (in the same or another file) fold in after all CREATEs.
ParseResult ParseFiles(const std::vector<SourceFile>& files, const ParseOptions& options = {});

}  // namespace keel::parser::postgres
