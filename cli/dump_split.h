// keel dump --split: one desired-state file per object, routed by the plan steps' identities.
#pragma once

#include <map>
#include <string>

#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::cli {

/// A name as one safe path component: bytes outside [a-z0-9_] become %XX (upper-case hex), so
/// the mapping is deterministic, reversible, and free of case collisions on case-insensitive file
/// systems.
std::string SafeFileName(const std::string& name);

/// Routes each statement of `plan` (the plan from an empty catalog to `catalog`) to a file,
/// relative to the dump directory: <schema>/schema.sql, <schema>/tables/<t>.sql (with the
/// table's constraints, indexes, triggers and comments), <schema>/views/<v>.sql,
/// <schema>/functions/<f>.sql (overloads: <f>-<8 hex of the signature>.sql), ...,
/// extensions/<e>.sql. Statements keep plan order within a file. Returns path -> text.
std::map<std::string, std::string> SplitDump(const planner::Plan& plan,
                                             const model::Catalog& catalog);

}  // namespace keel::cli
