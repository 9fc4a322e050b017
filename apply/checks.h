// Read-only checks around an apply: preflight (may the plan start?) and postflight (did it get
// where it meant to?). Each check is a few bulk catalog queries.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::apply {

struct Check {
  explicit Check(std::string n) : name(std::move(n)) {}
  std::string name;  // "long transactions"
  bool ok = true;
  bool skipped = false;  // could not be checked (said why in detail)
  std::string detail;
};

struct PreflightOptions {
  int long_transaction_ms = 5 * 60 * 1000;
  int replication_lag_ms = 60 * 1000;
};

/// Server version, privileges on the touched tables and their schemas, transactions older
/// than the threshold, locks other sessions hold or wait for on the touched tables, standbys
/// lagging more than the threshold, free disk against the largest rewrite or index build (when
/// the server's data directory is visible).
std::vector<Check> Preflight(pqxx::connection& conn, const planner::Plan& plan,
                             const PreflightOptions& options);

/// Nothing left to plan against `desired` (when given), no INVALID index, no constraint the plan
/// (when given) validates left NOT VALID, no orphan row under a foreign key that is not
/// validated. `live` is the schema as introspected after the apply.
std::vector<Check> Postflight(pqxx::connection& conn, const planner::Plan* plan,
                              const model::Catalog& live, const model::Catalog* desired);

/// The desired schema a saved plan carries, parsed; empty error on success.
std::string ParseDesired(const std::string& sql, model::Catalog* out);

/// Tables touched by the plan's steps (lock_table), as written in the plan.
std::vector<std::string> TouchedTables(const planner::Plan& plan);

}  // namespace keel::apply
