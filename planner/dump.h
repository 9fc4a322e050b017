// A catalog as the DDL that creates it: what `keel dump` prints, and the canonical text that
// fingerprints a schema (the same catalog always gives the same bytes).
#pragma once

#include <string>

#include "model/catalog.h"
#include "planner/planner.h"

namespace keel::planner {

/// The plan that creates `catalog` from nothing.
PlanResult CreationPlan(const model::Catalog& catalog);

/// Every statement of `plan`, each followed by ";\n" and separated by a blank line; a MySQL
/// statement holding ";" (a trigger or routine body) between DELIMITER ;; lines.
std::string StatementsSql(const Plan& plan);

/// "fnv1a64:<16 hex digits>" of the creation SQL; empty when the catalog cannot be ordered.
std::string Fingerprint(const model::Catalog& catalog);

}  // namespace keel::planner
