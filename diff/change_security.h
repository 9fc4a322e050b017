// Changes to row-level security, policies and privileges, wrapped in one SecurityChange so the
// shared Change vocabulary grows by a single member. Included by diff/change.h; include that
// instead.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/catalog.h"

namespace keel::diff {

struct CreatePolicy {
  model::Policy policy;
};
struct DropPolicy {
  model::Policy policy;
};
/// ALTER POLICY: roles, USING or WITH CHECK changed, and none of them went away (a command,
/// permissiveness or a removed clause needs drop and create).
struct AlterPolicy {
  model::Policy from;
  model::Policy to;
};

/// ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY.
struct SetRowSecurity {
  model::QualifiedName table;
  bool from_enabled = false, from_forced = false;
  bool to_enabled = false, to_forced = false;
};

/// What a grantee holds of a privilege.
enum class Holds { kNone, kGranted, kGrantable };

/// Privileges of one grantee on one object (or column) that move from one state to another:
/// GRANT [WITH GRANT OPTION], REVOKE, or REVOKE GRANT OPTION FOR.
struct AlterPrivileges {
  std::string object;  // "TABLE public.t", as model::Privilege::object
  std::string column;
  std::string grantee;
  std::vector<std::string> privileges;  // sorted
  Holds from = Holds::kNone;
  Holds to = Holds::kNone;
};

struct SecurityChange {
  std::variant<CreatePolicy, DropPolicy, AlterPolicy, SetRowSecurity, AlterPrivileges> change;
};

SecurityChange InverseSecurityChange(const SecurityChange& change);
std::string DescribeSecurityChange(const SecurityChange& change);

/// "policy:public.t.p".
std::string PolicyId(const model::QualifiedName& table, const std::string& policy);
/// The ordering identity of a privilege's object: "table:public.t", "column:public.t.c",
/// "sequence:public.s", "schema:app", "function:public.f" (overloads share it, as in FunctionId).
std::string PrivilegeObjectId(const std::string& object, const std::string& column);

}  // namespace keel::diff
