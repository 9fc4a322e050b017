// Views and materialized views. Included from model/catalog.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::model {

struct View {
  QualifiedName name;
  /// The SELECT: sql as written (output names applied as aliases), key canonical, so a file's
  /// text and pg_get_viewdef's compare equal.
  Expr query;
  /// Output column names, in order (CREATE OR REPLACE may only append to them).
  std::vector<std::string> columns;
  /// WITH (...) options, lower case: security_barrier=true, check_option=cascaded.
  std::map<std::string, std::string> options;
  /// Relations (tables or views) and functions the body references, found in its parse tree.
  std::vector<QualifiedName> relations;
  std::vector<QualifiedName> functions;
  /// Every column name the body references ("*" for a star): a change to one of them on a
  /// referenced table forces the view to be recreated.
  std::vector<std::string> column_refs;
  bool materialized = false;
  std::optional<std::string> comment;
  SourceLoc loc;
};

}  // namespace keel::model
