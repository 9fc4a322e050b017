// Turns a source argument (files, git:REV:path, live database) into a normalized catalog.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/catalog.h"

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
};

/// Loads and normalizes the union of `specs` (all files, or exactly one database). Returns an
/// exit code (0 on success) after printing diagnostics to `err`.
int LoadCatalog(const std::vector<std::string>& specs, const LoadOptions& options,
                LoadedCatalog* out, std::ostream& err);

}  // namespace keel::cli
