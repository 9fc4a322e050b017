// keel lint: checks hand-written PostgreSQL migration files statement by statement against the
// lint rules of planner/hazards.h, optionally knowing the schema the migrations run against.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"
#include "parser/diagnostic.h"
#include "parser/source.h"
#include "planner/hazards.h"

namespace keel::lint {

struct Finding {
  planner::HazardCode code;
  /// The rule's severity, adjusted by table size when statistics are known.
  planner::Severity severity;
  model::SourceLoc loc;
  std::string message;  // what in particular triggers it
};

struct Options {
  /// The schema the migrations run against (before the first file); null: unknown, so every
  /// table not created by the file itself is taken to exist and to hold data.
  const model::Catalog* schema = nullptr;
  /// The schema's tables carry live statistics (est_rows, total_bytes): findings that scale
  /// with the table drop to info on tiny tables and rise to high on large ones.
  bool has_stats = false;
  /// Each file runs inside one transaction, as most migration tools run them (psql -f runs each
  /// statement in its own unless the file says BEGIN).
  bool in_transaction = false;
};

struct Result {
  /// Sorted by file (in input order), line, column, code.
  std::vector<Finding> findings;
  /// Unparsable files, with file:line:col; their statements are not linted.
  std::vector<parser::Diagnostic> errors;
  int suppressed = 0;
};

/// Lints each file on its own (state such as tables created or lock_timeout set does not carry
/// from one file to the next; the schema is the same for all).
Result Lint(const std::vector<parser::SourceFile>& files, const Options& options = {});

/// The lint rules: every code from planner::kFirstLintRule on, in table order.
std::vector<planner::HazardCode> Rules();

/// True when `code` is a lint rule.
bool IsRule(planner::HazardCode code);

}  // namespace keel::lint
