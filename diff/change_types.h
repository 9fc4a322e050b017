// Changes to user types (enums, domains, composite types) and extensions, wrapped in one
// TypeChange so the shared Change vocabulary grows by a single member. Included by
// diff/change.h; include that instead.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/catalog.h"

namespace keel::diff {

struct CreateEnum {
  model::Enum type;
};
struct DropEnum {
  model::Enum type;
};
/// New labels go in with ADD VALUE; removed or reordered labels need the type recreated.
struct AlterEnum {
  model::Enum from;
  model::Enum to;
};
struct CreateDomain {
  model::Domain domain;
};
struct DropDomain {
  model::Domain domain;
};
struct AlterDomain {
  model::Domain from;
  model::Domain to;
};
struct CreateComposite {
  model::CompositeType type;
};
struct DropComposite {
  model::CompositeType type;
};
struct AlterComposite {
  model::CompositeType from;
  model::CompositeType to;
};
struct CreateExtension {
  model::Extension extension;
};
struct DropExtension {
  model::Extension extension;
};
/// Version or schema change.
struct AlterExtension {
  model::Extension from;
  model::Extension to;
};

struct TypeUser {
  model::QualifiedName table;
  std::string column;
  std::string type;          // the column's type spelling: the type, or an array of it
  model::Expr default_expr;  // dropped and set again around the type change
};

struct TypeChange {
  std::variant<CreateEnum, DropEnum, AlterEnum, CreateDomain, DropDomain, AlterDomain,
               CreateComposite, DropComposite, AlterComposite, CreateExtension, DropExtension,
               AlterExtension>
      change;
  /// Columns that use the type (directly or as an array) in `from`: an in-place recreate must
  /// move them to the new type.
  std::vector<TypeUser> users;
};

TypeChange InverseTypeChange(const TypeChange& change);
std::string DescribeTypeChange(const TypeChange& change);

/// "type:public.mood" (enums, domains, composites share the server's type namespace).
std::string UserTypeId(const model::QualifiedName& type);
/// How format_type() spells the type with search_path = public: mood, other."Mood".
std::string TypeSpelling(const model::QualifiedName& type);
/// The user type a column type spelling refers to ("other.mood[]" -> type:other.mood); empty
/// for built-in spellings.
std::vector<std::string> ColumnTypeNeeds(const std::string& column_type);
/// "extension:hstore".
std::string ExtensionId(const std::string& extension);

}  // namespace keel::diff
