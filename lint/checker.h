// Internal to lint/: the state one file's statements are checked in, and the rule families
// (checker_table.cpp: CREATE/ALTER TABLE; checker_other.cpp: indexes, drops, renames, enums,
// transactions, settings).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lint/lint.h"
#include "parser/diagnostic.h"
#include "parser/postgres/pg_tree.h"

namespace keel::lint {

using parser::postgres::Node;
using QName = model::QualifiedName;

/// A finding and the statement it belongs to (for suppressions).
struct Raw {
  size_t statement;
  Finding finding;
};

class Checker {
 public:
  Checker(const parser::SourceManager& sm, const Options& options, std::vector<Raw>& out);

  /// Checks statement number `index`, whose first token is at byte `offset`.
  void Statement(Node* stmt, size_t index, size_t offset);

 private:
  // checker_table.cpp
  void CreateTable(PgQuery__CreateStmt* stmt);
  void AlterTable(PgQuery__AlterTableStmt* stmt);
  void AddColumn(const QName& table, PgQuery__ColumnDef* def);
  void AddConstraint(const QName& table, PgQuery__Constraint* con);
  void AlterColumnType(const QName& table, const std::string& column, PgQuery__ColumnDef* def);
  /// `what` makes `column` NOT NULL: a scan unless a validated CHECK (column IS NOT NULL) exists.
  void SetNotNull(const QName& table, const std::string& column, const std::string& what);
  /// prefer-text, prefer-timestamptz, prefer-jsonb, prefer-identity for a declared type.
  void TypeRules(const PgQuery__TypeName* type, const std::string& column);
  void IntPrimaryKey(const PgQuery__TypeName* type, const std::string& column, int location);

  // checker_other.cpp
  void CreateIndex(PgQuery__IndexStmt* stmt);
  void Drop(PgQuery__DropStmt* stmt);
  void Rename(PgQuery__RenameStmt* stmt);
  void Transaction(PgQuery__TransactionStmt* stmt);
  void SetVariable(PgQuery__VariableSetStmt* stmt);
  void SelectSetConfig(PgQuery__SelectStmt* stmt);
  void CreateEnum(PgQuery__CreateEnumStmt* stmt);
  void AlterEnum(PgQuery__AlterEnumStmt* stmt);
  void Vacuum(PgQuery__VacuumStmt* stmt);
  void Reindex(PgQuery__ReindexStmt* stmt);
  void Update(PgQuery__UpdateStmt* stmt);
  void AlterDomain(PgQuery__AlterDomainStmt* stmt);
  void Delete(PgQuery__DeleteStmt* stmt);

  // Shared helpers (checker.cpp)
  /// True when `table` holds no rows the migration must care about: created earlier in this
  /// file, or absent from the schema when one is known.
  bool IsNew(const QName& table) const;
  /// The schema's table (following renames made earlier in the file); null when unknown.
  const model::Table* SchemaTable(const QName& table) const;
  /// Reports `code` at `location` (-1: the statement's start). `table` sets the severity from
  /// its size when statistics are known and the rule scales with the table.
  void Report(planner::HazardCode code, int location, std::string message,
              const QName* table = nullptr);
  /// A statement that takes a lock blocking reads or writes on an existing table: reported
  /// once per file when no lock_timeout is in force.
  void NeedsLockTimeout(const QName& table);
  /// A statement that cannot run inside a transaction block.
  void OutsideTransaction(const std::string& what);
  bool LockTimeoutSet() const { return lock_timeout_ || (lock_timeout_local_ && in_tx_); }
  /// The values of enum `type` before this statement, when known.
  std::optional<std::vector<std::string>> EnumValues(const QName& type) const;
  /// The canonical expression of a node (for IsVolatile).
  model::Expr Expr(Node* node);

  const parser::SourceManager& sm_;
  const Options& options_;
  std::vector<Raw>& out_;
  size_t statement_ = 0;
  size_t offset_ = 0;
  parser::postgres::Arena arena_;

  // What the file did so far.
  std::set<QName> created_;                          // tables created by this file
  std::set<QName> created_indexes_;                  // indexes created by this file
  std::set<QName> created_domains_;                  // domains created by this file
  std::map<QName, QName> renamed_;                   // new name -> name in the schema
  std::map<QName, std::vector<std::string>> enums_;  // enums created or extended by this file
  /// Enums renamed away or dropped earlier in the file, with their values when known.
  std::map<QName, std::optional<std::vector<std::string>>> replaced_enums_;
  /// CHECK (c IS NOT NULL) constraints by (table, name): column and whether validated.
  std::map<std::pair<QName, std::string>, std::pair<std::string, bool>> not_null_checks_;
  bool in_tx_ = false;
  bool lock_timeout_ = false;        // SET lock_timeout (session)
  bool lock_timeout_local_ = false;  // SET LOCAL lock_timeout (this transaction)
  bool lock_timeout_reported_ = false;
  // Within the current transaction: constraints added NOT VALID, tables locked by ALTER TABLE.
  std::set<std::pair<QName, std::string>> tx_not_valid_;
  std::set<QName> tx_locked_;
};

/// The column a `c IS NOT NULL` expression tests, or "".
std::string NotNullTestColumn(const Node* expr);

}  // namespace keel::lint
