#include "diff/change.h"
#include "model/default_schema.h"
#include "model/overloaded.h"
namespace keel::diff {
namespace {

using keel::Overloaded;

// Splits a canonical type spelling into its (possibly quoted) dotted parts, dropping typmods
// and array brackets.
std::vector<std::string> SpellingParts(const std::string& spelling) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < spelling.size(); ++i) {
    char c = spelling[i];
    if (quoted) {
      if (c == '"' && i + 1 < spelling.size() && spelling[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else if (c == '(' || c == '[' || c == ' ') {
      break;
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

}  // namespace

std::string UserTypeId(const model::QualifiedName& t) { return "type:" + t.Display(); }
std::string ExtensionId(const std::string& e) { return "extension:" + e; }

std::string TypeSpelling(const model::QualifiedName& t) {
  return t.schema == model::DefaultSchema() ? model::QuoteIdent(t.name) : t.Sql();
}

std::vector<std::string> ColumnTypeNeeds(const std::string& column_type) {
  // Built-in spellings with spaces ("character varying(20)", "timestamp with time zone") stop
  // at the first word, which no user type in the default schema shadows in practice.
  if (column_type.find(' ') != std::string::npos && column_type.find('"') == std::string::npos)
    return {};
  std::vector<std::string> parts = SpellingParts(column_type);
  if (parts.size() == 1) return {UserTypeId({model::DefaultSchema(), parts[0]})};
  if (parts.size() == 2 && parts[0] != "pg_catalog") return {UserTypeId({parts[0], parts[1]})};
  return {};
}

TypeChange InverseTypeChange(const TypeChange& c) {
  TypeChange out;
  out.change = std::visit(
      Overloaded{
          [](const CreateEnum& x) -> decltype(out.change) { return DropEnum{x.type}; },
          [](const DropEnum& x) -> decltype(out.change) { return CreateEnum{x.type}; },
          [](const AlterEnum& x) -> decltype(out.change) {
            return AlterEnum{x.to, x.from};
          },
          [](const CreateDomain& x) -> decltype(out.change) { return DropDomain{x.domain}; },
          [](const DropDomain& x) -> decltype(out.change) { return CreateDomain{x.domain}; },
          [](const AlterDomain& x) -> decltype(out.change) {
            return AlterDomain{x.to, x.from};
          },
          [](const CreateComposite& x) -> decltype(out.change) { return DropComposite{x.type}; },
          [](const DropComposite& x) -> decltype(out.change) { return CreateComposite{x.type}; },
          [](const AlterComposite& x) -> decltype(out.change) {
            return AlterComposite{x.to, x.from};
          },
          [](const CreateExtension& x) -> decltype(out.change) {
            return DropExtension{x.extension};
          },
          [](const DropExtension& x) -> decltype(out.change) {
            return CreateExtension{x.extension};
          },
          [](const AlterExtension& x) -> decltype(out.change) {
            return AlterExtension{x.to, x.from};
          },
      },
      c.change);
  // The users of the type after the change are the same columns, now of the new type.
  out.users = c.users;
  return out;
}

std::string DescribeTypeChange(const TypeChange& c) {
  return std::visit(
      Overloaded{
          [](const CreateEnum& x) { return "create type " + x.type.name.Display(); },
          [](const DropEnum& x) { return "drop type " + x.type.name.Display(); },
          [](const AlterEnum& x) { return "alter type " + x.to.name.Display(); },
          [](const CreateDomain& x) { return "create domain " + x.domain.name.Display(); },
          [](const DropDomain& x) { return "drop domain " + x.domain.name.Display(); },
          [](const AlterDomain& x) { return "alter domain " + x.to.name.Display(); },
          [](const CreateComposite& x) { return "create type " + x.type.name.Display(); },
          [](const DropComposite& x) { return "drop type " + x.type.name.Display(); },
          [](const AlterComposite& x) { return "alter type " + x.to.name.Display(); },
          [](const CreateExtension& x) { return "create extension " + x.extension.name; },
          [](const DropExtension& x) { return "drop extension " + x.extension.name; },
          [](const AlterExtension& x) { return "alter extension " + x.to.name; },
      },
      c.change);
}

}  // namespace keel::diff
