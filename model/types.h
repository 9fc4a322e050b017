// User-defined types and extensions: enums, domains, composite types, extensions. Included by
// model/catalog.h after QualifiedName, Expr and SourceLoc; include catalog.h, not this file.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace keel::model {

struct Enum {
  QualifiedName name;
  std::vector<std::string> values;  // in sort order
  std::optional<std::string> comment;
  SourceLoc loc;
  bool operator==(const Enum& o) const {
    return name == o.name && values == o.values && comment == o.comment;
  }
};

struct DomainConstraint {
  std::string name;  // the server's generated name is <domain>_check
  Expr check;
  bool operator==(const DomainConstraint&) const = default;
};

struct Domain {
  QualifiedName name;
  std::string base_type;  // canonical, as format_type() prints it
  bool not_null = false;
  Expr default_expr;
  std::string collation;                      // empty = the base type's default
  std::vector<DomainConstraint> constraints;  // sorted by name
  std::optional<std::string> comment;
  SourceLoc loc;
};

struct CompositeAttribute {
  std::string name;
  std::string type;       // canonical
  std::string collation;  // empty = the type's default
  bool operator==(const CompositeAttribute&) const = default;
};

struct CompositeType {
  QualifiedName name;
  std::vector<CompositeAttribute> attributes;
  std::optional<std::string> comment;
  SourceLoc loc;
};

struct Extension {
  std::string name;
  std::string schema;   // empty = not given in the file
  std::string version;  // empty = not given: any version matches
  std::optional<std::string> comment;
  SourceLoc loc;
};

}  // namespace keel::model
