// Row-level security policies and privileges. Included by model/catalog.h after QualifiedName,
// Expr and SourceLoc; include catalog.h, not this file.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keel::model {

/// CREATE POLICY name ON table: keyed by (table, name) in Catalog::policies.
struct Policy {
  QualifiedName table;
  std::string name;
  bool permissive = true;          // AS PERMISSIVE (default) or AS RESTRICTIVE
  std::string command = "ALL";     // ALL, SELECT, INSERT, UPDATE, DELETE
  std::vector<std::string> roles;  // sorted role names; "PUBLIC" (the default)
  Expr using_expr;                 // USING (…), or empty
  Expr check_expr;                 // WITH CHECK (…), or empty
  std::optional<std::string> comment;
  SourceLoc loc;
};

using PolicyKey = std::pair<QualifiedName, std::string>;

/// One granted privilege, the ACL's canonical unit: (object, grantee, privilege). The owner's
/// implicit privileges and the server's built-in defaults (EXECUTE on functions to PUBLIC,
/// USAGE on schema public to PUBLIC) are never recorded, on either side.
struct Privilege {
  /// The object as GRANT spells it, also its identity: "TABLE public.t", "SEQUENCE public.s",
  /// "SCHEMA app", "FUNCTION public.f(integer, text)". Views and materialized views are TABLE.
  std::string object;
  std::string column;     // column-level privilege on a TABLE, or empty
  std::string grantee;    // role name as stored, or "PUBLIC"
  std::string privilege;  // SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER,
                          // USAGE, CREATE, EXECUTE…
  auto operator<=>(const Privilege&) const = default;
  bool operator==(const Privilege&) const = default;
};

}  // namespace keel::model
