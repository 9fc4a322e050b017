// Internal to parser/postgres: the state shared by the statement transformers (one .cpp per
// statement family). Included only by parser/postgres/*.cpp.
#pragma once

#include <string>
#include <vector>

#include "parser/diagnostic.h"
#include "parser/postgres/parser.h"
#include "parser/postgres/pg_tree.h"
#include "parser/source.h"

namespace keel::parser::postgres {

/// One file: its text, line index and parse tree (alive until the whole parse ends).
struct FileUnit {
  FileUnit(const SourceFile& f) : file(f), sm(f.path, f.text) {}
  const SourceFile& file;
  SourceManager sm;
  ParsedSql parsed;
};

/// One statement being transformed.
struct Ctx {
  FileUnit& unit;
  size_t stmt_offset;  // first token of the statement
  ParseResult& out;

  model::Catalog& catalog() { return out.catalog; }
  /// Byte offset of a node `location` (-1 = unknown: the statement start).
  size_t Offset(int location) const {
    return location >= 0 ? static_cast<size_t>(location) : stmt_offset;
  }
  model::SourceLoc Loc(int location) const { return unit.sm.Locate(Offset(location)); }
  void Error(int location, std::string message) {
    out.errors.push_back(unit.sm.Error(Offset(location), std::move(message)));
  }
  /// The old name from a rename hint on the line of `location` or a comment line right above.
  std::string RenameHint(int location) const;
  /// An expression of this file's tree: its SQL as written (deparsed) and its canonical key.
  model::Expr Expr(Node* node) {
    std::string sql = DeparseExpr(node);  // before CanonicalNode rewrites the tree
    return model::Expr(std::move(sql), CanonicalNode(node, *unit.parsed.arena));
  }
  /// Like Expr, but DEFAULT NULL (in any cast) is no default, as on the server.
  model::Expr DefaultExpr(Node* node) {
    model::Expr e = Expr(node);
    return e.key == "NULL" ? model::Expr() : e;
  }
};

// Statement families. Each reports its own errors through ctx.
void TransformCreateSchema(Ctx& ctx, PgQuery__CreateSchemaStmt* stmt);
void TransformCreateTable(Ctx& ctx, PgQuery__CreateStmt* stmt);
void TransformCreateIndex(Ctx& ctx, PgQuery__IndexStmt* stmt);
void TransformCreateSequence(Ctx& ctx, PgQuery__CreateSeqStmt* stmt);
void TransformAlterSequence(Ctx& ctx, PgQuery__AlterSeqStmt* stmt);
void TransformAlterTable(Ctx& ctx, PgQuery__AlterTableStmt* stmt);
void TransformComment(Ctx& ctx, PgQuery__CommentStmt* stmt);
void TransformCreateView(Ctx& ctx, PgQuery__ViewStmt* stmt);
void TransformCreateMatview(Ctx& ctx, PgQuery__CreateTableAsStmt* stmt);
// User types and extensions (transform_type.cpp).
void TransformCreateEnum(Ctx& ctx, PgQuery__CreateEnumStmt* stmt);
void TransformCreateComposite(Ctx& ctx, PgQuery__CompositeTypeStmt* stmt);
void TransformCreateDomain(Ctx& ctx, PgQuery__CreateDomainStmt* stmt);
void TransformCreateExtension(Ctx& ctx, PgQuery__CreateExtensionStmt* stmt);
void TransformAlterEnum(Ctx& ctx, PgQuery__AlterEnumStmt* stmt);
void TransformAlterDomain(Ctx& ctx, PgQuery__AlterDomainStmt* stmt);
/// COMMENT ON TYPE / DOMAIN / EXTENSION; false when the comment is on another kind of object.
bool TransformTypeComment(Ctx& ctx, PgQuery__CommentStmt* stmt);
// Functions, procedures and triggers (transform_function.cpp, transform_trigger.cpp).
void TransformCreateFunction(Ctx& ctx, PgQuery__CreateFunctionStmt* stmt);
void TransformCreateTrigger(Ctx& ctx, PgQuery__CreateTrigStmt* stmt);
void CommentOnFunction(Ctx& ctx, PgQuery__CommentStmt* stmt);
void CommentOnTrigger(Ctx& ctx, PgQuery__CommentStmt* stmt);
// CREATE OPERATOR / CREATE AGGREGATE (transform_definition.cpp).
void TransformDefine(Ctx& ctx, PgQuery__DefineStmt* stmt);
/// COMMENT ON OPERATOR / AGGREGATE; false when the comment is on another kind of object.
bool CommentOnDefinition(Ctx& ctx, PgQuery__CommentStmt* stmt);

// Partitioning and inheritance (transform_partition.cpp).
/// `ALTER INDEX parent ATTACH PARTITION child`, resolved once every file is read.
struct IndexAttach {
  model::QualifiedName parent;
  model::QualifiedName child;
  model::SourceLoc loc;
};
/// ALTER INDEX: SET STATISTICS, and ATTACH PARTITION (recorded in `attaches`).
void TransformAlterIndex(Ctx& ctx, PgQuery__AlterTableStmt* stmt,
                         std::vector<IndexAttach>& attaches);
/// PARTITION BY key: sql as written, key with canonical expressions.
model::Expr PartitionKey(PgQuery__PartitionSpec* spec, Arena& arena);
/// FOR VALUES ... / DEFAULT in the server's spelling; key_types as in CanonicalPartitionBound.
std::string PartitionBound(PgQuery__PartitionBoundSpec* bound,
                           const std::vector<std::string>& key_types);
/// WITH (k = v, ...) as sorted "k=v" (or only "k" for RESET).
std::vector<std::string> StorageOptions(Ctx& ctx, Node* const* items, size_t n, bool reset);
/// After every statement: drops what partitions inherit and attached child indexes (see
/// model::Table), and spells partition bounds for the parent's key types.
void ResolveInheritance(model::Catalog& catalog, const std::vector<IndexAttach>& attaches,
                        std::vector<Diagnostic>& errors);
// Row-level security and privileges (transform_security.cpp).
void TransformCreatePolicy(Ctx& ctx, PgQuery__CreatePolicyStmt* stmt);
void TransformAlterPolicy(Ctx& ctx, PgQuery__AlterPolicyStmt* stmt);
void TransformGrant(Ctx& ctx, PgQuery__GrantStmt* stmt);
/// COMMENT ON POLICY; false when the comment is on another kind of object.
bool TransformPolicyComment(Ctx& ctx, PgQuery__CommentStmt* stmt);

// Shared by CREATE TABLE and ALTER TABLE ADD.
void AddColumn(Ctx& ctx, model::Table& table, PgQuery__ColumnDef* def);
void AddTableConstraint(Ctx& ctx, model::Table& table, PgQuery__Constraint* con);

}  // namespace keel::parser::postgres
