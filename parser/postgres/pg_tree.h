// Internal to parser/postgres: owning wrappers around libpg_query's protobuf trees and small
// accessors. Included by parser/postgres/*.cpp and by lint/*.cpp (which walks the same trees);
// libpg_query types never appear in a public header.
#pragma once

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"

namespace keel::parser::postgres {

using Node = PgQuery__Node;

/// Owns every allocation of an unpacked tree, so nodes can be rewired freely and released at once.
class Arena {
 public:
  Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena();
  ProtobufCAllocator* allocator() { return &allocator_; }
  void* Alloc(size_t size);
  /// A zero-initialized protobuf message of type T, initialized with `init`.
  template <typename T>
  T* New(void (*init)(T*)) {
    T* msg = static_cast<T*>(Alloc(sizeof(T)));
    init(msg);
    return msg;
  }
  char* Strdup(const std::string& s);

 private:
  static void* AllocFn(void* data, size_t size);
  static void FreeFn(void* data, void* ptr);
  ProtobufCAllocator allocator_;
  std::vector<void*> blocks_;
  // A tree is thousands of small messages: they are carved out of zeroed blocks.
  char* free_ = nullptr;
  size_t left_ = 0;
};

/// One parsed SQL text: the tree (arena-owned) or libpg_query's error.
struct ParsedSql {
  std::unique_ptr<Arena> arena = std::make_unique<Arena>();
  PgQuery__ParseResult* tree = nullptr;
  std::string error;
  int cursorpos = 0;  // 1-based byte offset of the error, 0 when unknown
};

/// Parses `sql`; the tree is allocated in `into` when given, else in the result's own arena.
ParsedSql ParseSql(const std::string& sql, Arena* into = nullptr);

/// Deparses one expression node (through a SELECT wrapper); empty on failure.
std::string DeparseExpr(Node* expr);

/// Calls `fn` on every Node reachable from `msg`, children before parents.
void VisitNodes(ProtobufCMessage* msg, const std::function<void(Node*)>& fn);

/// The text of a String node ("" for anything else).
std::string StrVal(const Node* node);
/// Joins String nodes of a name list: ["pg_catalog", "int4"].
std::vector<std::string> NameList(Node* const* items, size_t n);
/// A collation or operator class name as the server prints it: quoted where needed, without
/// the pg_catalog or default schema qualifier.
std::string CatalogName(std::vector<std::string> names);
/// Deparses one whole statement (placed in a parse result of its own); empty on failure.
std::string DeparseStmt(Node* stmt);
/// schema.name of a RangeVar; unqualified names go to model::DefaultSchema().
model::QualifiedName RangeVarName(const PgQuery__RangeVar* rv);
/// schema.name from a name list (as in COMMENT ON TABLE a.b, OWNED BY a.b.c minus the last).
model::QualifiedName QualifiedFromList(const std::vector<std::string>& names);

/// Canonical expression text of a node of the tree (mutates the node).
std::string CanonicalNode(Node* expr, Arena& arena);
/// The canonical text of an EXCLUDE constraint after the keyword ("USING gist (a WITH =,
/// (tstzrange(s, e)) WITH &&) WHERE (...)"), valid SQL, and the names the server derives
/// its name from (columns; a called function's name or "expr" for expressions).
struct Exclusion {
  std::string definition;
  std::vector<std::string> names;
};
Exclusion ExclusionOf(PgQuery__Constraint* con, Arena& arena);
/// format_type() spelling of a TypeName.
std::string TypeNameToString(const PgQuery__TypeName* type);

/// The first offset from `i` that is neither whitespace nor a comment: a RawStmt's location
/// starts right after the previous ';', before the comments above the statement.
size_t SkipTrivia(const std::string& text, size_t i);
/// Blanks what psql, not the server, reads: meta-command lines (pg_dump's \\restrict,
/// \\connect) and COPY ... FROM stdin data up to "\\.". Offsets stay unchanged for locations.
std::string BlankPsqlOnlyLines(const std::string& text);
/// Byte ranges [start, end) of the -- and /* */ comments of `sql`, in order (empty when the
/// scanner fails).
std::vector<std::pair<size_t, size_t>> Comments(const std::string& sql);

}  // namespace keel::parser::postgres
