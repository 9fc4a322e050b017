// Conformance on MySQL/MariaDB (suite sqldef-mysql) on the throwaway mariadbd. Per case:
//   database A <- current.sql; keel plans desired.sql against A and keel apply applies the saved
//   plan (journal and all); database B <- desired.sql; `keel diff A B` must be empty
//   (converged) and a second plan against A must be empty (idempotent); the plan's rollback
//   script run on A must give back current.sql's schema (counted, as on PostgreSQL).
#pragma once

#include "tests/conformance/runner.h"

namespace keel::conformance {

/// Runs one case on the server `server_url` (mysql://…/ without a database). Thread-safe:
/// each call works in databases of its own.
Result RunMySqlCase(const std::string& server_url, const Case& c);

}  // namespace keel::conformance
