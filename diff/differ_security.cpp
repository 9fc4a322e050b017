#include "diff/differ_security.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "diff/differ_views.h"
#include "model/normalize.h"

namespace keel::diff {
namespace {

using model::Catalog;
using model::Policy;
using model::QualifiedName;

std::string PolicyTarget(const Policy& p) {
  return "POLICY " + model::QuoteIdent(p.name) + " ON " + p.table.Sql();
}

bool SamePolicy(const Policy& a, const Policy& b) {
  return a.permissive == b.permissive && a.command == b.command && a.roles == b.roles &&
         a.using_expr == b.using_expr && a.check_expr == b.check_expr;
}

// ALTER POLICY changes roles and expressions, but cannot change the command or permissiveness,
// nor take a USING or WITH CHECK clause away.
bool Alterable(const Policy& a, const Policy& b) {
  return a.permissive == b.permissive && a.command == b.command &&
         (a.using_expr.empty() || !b.using_expr.empty()) &&
         (a.check_expr.empty() || !b.check_expr.empty());
}

// A policy over a column being retyped or dropped must go first and come back after.
bool OverChangedColumn(const Policy& p, const Catalog& catalog,
                       const std::set<std::pair<QualifiedName, std::string>>& under_change) {
  auto t = catalog.tables.find(p.table);
  if (t == catalog.tables.end()) return false;
  for (const auto* e : {&p.using_expr, &p.check_expr})
    for (const auto& col : model::ReferencedColumns(t->second, e->key))
      if (under_change.count({p.table, col})) return true;
  return false;
}

void Comment(const Policy& p, const std::optional<std::string>& from, ChangeSet& out) {
  if (from != p.comment)
    out.push_back(SetComment{PolicyTarget(p), PolicyId(p.table, p.name), from, p.comment});
}

void DiffPolicies(const Catalog& from, const Catalog& to, ChangeSet& out) {
  auto under_change = ColumnsUnderChange(out);
  for (const auto& [key, p] : to.policies) {
    auto it = from.policies.find(key);
    if (it != from.policies.end()) {
      const Policy& old = it->second;
      bool recreate = OverChangedColumn(old, from, under_change);
      if (!recreate && SamePolicy(old, p)) {
        Comment(p, old.comment, out);
        continue;
      }
      if (!recreate && Alterable(old, p)) {
        out.push_back(SecurityChange{AlterPolicy{old, p}});
        Comment(p, old.comment, out);
        continue;
      }
      out.push_back(SecurityChange{DropPolicy{old}});
    }
    out.push_back(SecurityChange{CreatePolicy{p}});
    Comment(p, std::nullopt, out);
  }
  // Dropped explicitly even with their table, so the rollback brings them back.
  for (const auto& [key, p] : from.policies)
    if (!to.policies.count(key)) out.push_back(SecurityChange{DropPolicy{p}});
}

void DiffRowSecurity(const Catalog& from, const Catalog& to, ChangeSet& out) {
  for (const auto& [name, t] : to.tables) {
    auto it = from.tables.find(name);
    bool enabled = it != from.tables.end() && it->second.rls_enabled;
    bool forced = it != from.tables.end() && it->second.rls_forced;
    if (enabled != t.rls_enabled || forced != t.rls_forced)
      out.push_back(
          SecurityChange{SetRowSecurity{name, enabled, forced, t.rls_enabled, t.rls_forced}});
  }
}

Holds HoldsOf(const std::map<model::Privilege, bool>& privileges, const model::Privilege& key) {
  auto it = privileges.find(key);
  if (it == privileges.end()) return Holds::kNone;
  return it->second ? Holds::kGrantable : Holds::kGranted;
}

// Whether the object of a privilege is gone in `to`: its grants go with it.
bool ObjectDropped(const model::Privilege& p, const Catalog& to) {
  auto relation = [&](const auto& objects, const char* kind) {
    for (const auto& [name, object] : objects)
      if (p.object == kind + name.Sql()) return true;
    return false;
  };
  if (p.object.starts_with("SCHEMA "))
    return !Catalog::IsBuiltinSchema(p.object.substr(7)) &&
           std::none_of(to.schemas.begin(), to.schemas.end(), [&](const auto& s) {
             return p.object == "SCHEMA " + model::QuoteIdent(s.first);
           });
  if (p.object.starts_with("SEQUENCE ")) return !relation(to.sequences, "SEQUENCE ");
  if (p.object.starts_with("FUNCTION ") || p.object.starts_with("PROCEDURE "))
    return std::none_of(to.functions.begin(), to.functions.end(),
                        [&](const auto& f) { return f.second.ObjectSql() == p.object; });
  if (!p.object.starts_with("TABLE ")) return false;
  for (const auto& [name, t] : to.tables)
    if (p.object == "TABLE " + name.Sql()) return !p.column.empty() && !t.FindColumn(p.column);
  return !relation(to.views, "TABLE ");
}

void DiffPrivileges(const Catalog& from, const Catalog& to, ChangeSet& out) {
  // (object, column, grantee, from, to) -> privileges, so one statement covers a grantee's set.
  std::map<std::tuple<std::string, std::string, std::string, Holds, Holds>,
           std::vector<std::string>>
      groups;
  auto visit = [&](const model::Privilege& key) {
    Holds was = HoldsOf(from.privileges, key), now = HoldsOf(to.privileges, key);
    if (was == now) return;
    if (now == Holds::kNone && ObjectDropped(key, to)) return;
    auto& list = groups[{key.object, key.column, key.grantee, was, now}];
    if (list.empty() || list.back() != key.privilege) list.push_back(key.privilege);
  };
  for (const auto& [key, grantable] : to.privileges) visit(key);
  for (const auto& [key, grantable] : from.privileges)
    if (!to.privileges.count(key)) visit(key);
  for (auto& [k, privileges] : groups) {
    std::sort(privileges.begin(), privileges.end());
    const auto& [object, column, grantee, was, now] = k;
    out.push_back(SecurityChange{AlterPrivileges{object, column, grantee, privileges, was, now}});
  }
}

}  // namespace

void DiffSecurity(const Catalog& from, const Catalog& to, const DiffOptions& options,
                  ChangeSet& out) {
  DiffPolicies(from, to, out);
  DiffRowSecurity(from, to, out);
  if (options.privileges) DiffPrivileges(from, to, out);
}

}  // namespace keel::diff
