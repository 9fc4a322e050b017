#include <fmt/format.h>

#include "diff/change.h"
#include "model/overloaded.h"

namespace keel::diff {

std::string PolicyId(const model::QualifiedName& table, const std::string& policy) {
  return "policy:" + table.Display() + "." + policy;
}

std::string PrivilegeObjectId(const std::string& object, const std::string& column) {
  // The spelling is "KIND name": quoted parts are unquoted the way Display() prints them.
  auto space = object.find(' ');
  std::string kind = object.substr(0, space);
  std::string name;
  for (char c : object.substr(space + 1))
    if (c != '"') name += c;
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Functions are ordered by name alone (diff::FunctionId): overloads share it.
  if (kind == "procedure" || kind == "function")
    return "function:" + name.substr(0, name.find('('));
  if (!column.empty()) return "column:" + name + "." + column;
  return kind + ":" + name;
}

SecurityChange InverseSecurityChange(const SecurityChange& change) {
  return std::visit(Overloaded{
                        [](const CreatePolicy& c) { return SecurityChange{DropPolicy{c.policy}}; },
                        [](const DropPolicy& c) { return SecurityChange{CreatePolicy{c.policy}}; },
                        [](const AlterPolicy& c) {
                          return SecurityChange{AlterPolicy{c.to, c.from}};
                        },
                        [](const SetRowSecurity& c) {
                          return SecurityChange{SetRowSecurity{c.table, c.to_enabled, c.to_forced,
                                                               c.from_enabled, c.from_forced}};
                        },
                        [](const AlterPrivileges& c) {
                          AlterPrivileges inverse = c;
                          std::swap(inverse.from, inverse.to);
                          return SecurityChange{inverse};
                        },
                    },
                    change.change);
}

std::string DescribeSecurityChange(const SecurityChange& change) {
  return std::visit(
      Overloaded{
          [](const CreatePolicy& c) {
            return "create policy " + c.policy.name + " on " + c.policy.table.Display();
          },
          [](const DropPolicy& c) {
            return "drop policy " + c.policy.name + " on " + c.policy.table.Display();
          },
          [](const AlterPolicy& c) {
            return "alter policy " + c.to.name + " on " + c.to.table.Display();
          },
          [](const SetRowSecurity& c) {
            std::vector<std::string> what;
            if (c.from_enabled != c.to_enabled) what.push_back(c.to_enabled ? "enable" : "disable");
            if (c.from_forced != c.to_forced) what.push_back(c.to_forced ? "force" : "no force");
            return fmt::format("row level security on {} ({})", c.table.Display(),
                               fmt::join(what, ", "));
          },
          [](const AlterPrivileges& c) {
            std::string on = c.object + (c.column.empty() ? "" : " (" + c.column + ")");
            std::string privileges = fmt::format("{}", fmt::join(c.privileges, ", "));
            if (c.to == Holds::kNone)
              return fmt::format("revoke {} on {} from {}", privileges, on, c.grantee);
            if (c.to == Holds::kGranted && c.from == Holds::kGrantable)
              return fmt::format("revoke grant option for {} on {} from {}", privileges, on,
                                 c.grantee);
            return fmt::format("grant {} on {} to {}{}", privileges, on, c.grantee,
                               c.to == Holds::kGrantable ? " with grant option" : "");
          },
      },
      change.change);
}

}  // namespace keel::diff
