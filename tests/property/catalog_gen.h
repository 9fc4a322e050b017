// Random, shrinkable catalogs for property tests: a catalog A over the object kinds keel
// supports, and a catalog B derived from A by realistic mutations.
#pragma once

#include <rapidcheck.h>

#include <ostream>
#include <string>
#include <vector>

#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::proptest {

struct CatalogPair {
  /// Both raw, as the parser produces them from a_sql and b_sql; Normalize() before use.
  model::Catalog a;
  model::Catalog b;
  /// The DDL of A and B, one statement an entry (no trailing semicolon).
  std::vector<std::string> a_sql;
  std::vector<std::string> b_sql;
  /// B only adds or reversibly changes things (no drops of data, no type changes).
  bool additive_only = false;
  /// Identifiers that need quoting ("Mixed Case", "user", "order") are in the pools.
  bool quoted_names = false;
};

/// A pair (A, B) of catalogs; shrinks towards fewer tables, columns and mutations.
/// `additive_percent` of the pairs only add or reversibly change things.
rc::Gen<CatalogPair> GenCatalogPair(int additive_percent = 40);

/// Parses files given as their statements; throws when they do not parse.
model::Catalog ParseStatements(const std::vector<std::vector<std::string>>& files);

/// A normalized copy.
model::Catalog Normalized(model::Catalog catalog);

struct PlanOutcome {
  planner::Plan plan;
  std::string error;    // ordering error from the planner
  std::string changes;  // diff::Describe of every change, one a line
};
/// diff::Diff + planner::BuildPlan; both catalogs must be normalized.
PlanOutcome PlanBetween(const model::Catalog& from, const model::Catalog& to);

/// How rapidcheck prints a (shrunk) counterexample: both catalogs as DDL.
void showValue(const CatalogPair& pair, std::ostream& os);

}  // namespace keel::proptest
