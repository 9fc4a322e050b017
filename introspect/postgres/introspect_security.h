// Internal to introspect/postgres: row-level security policies and privileges.
#pragma once

#include <pqxx/pqxx>

#include "model/catalog.h"

namespace keel::introspect::postgres {

/// Rows of queries/policies.sql into catalog.policies (tables must be read first).
void ReadPolicyRows(const pqxx::result& rows, model::Catalog& catalog);
/// Rows of queries/privileges.sql into catalog.privileges.
void ReadPrivilegeRows(const pqxx::result& rows, model::Catalog& catalog);

}  // namespace keel::introspect::postgres
