// MySQL / MariaDB spelling of catalog objects: pure functions of the model. Identifiers are
// always backquoted (as SHOW CREATE TABLE prints them), so no keyword list can go stale; a
// name is qualified with its database only when that is not the current one ("").
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"

namespace keel::planner::mysql {

/// `name`, with ` doubled.
std::string Ident(const std::string& name);
/// `db`.`t`, or `t` for the current database.
std::string Name(const model::QualifiedName& name);
/// 'text' with ' doubled and \ escaped (the server reads backslash escapes).
std::string Literal(const std::string& text);

/// "`c` type [CHARACTER SET cs] [COLLATE co] [GENERATED ALWAYS AS (e) VIRTUAL|STORED]
/// [NOT NULL] [DEFAULT e] [ON UPDATE e] [AUTO_INCREMENT] [COMMENT '…'] [CHECK (e)]"; the
/// character set and collation only when they differ from the table's.
std::string ColumnDefinition(const model::Column& column, const model::Table& table);
/// The column's own CHECK (MariaDB names it after the column, e.g. JSON's json_valid): it is
/// part of the column definition, so MODIFY restates it and DROP COLUMN drops it.
const model::Constraint* ColumnCheck(const model::Table& table, const std::string& column);
/// "(`a`(10),`b` DESC,(expr))"
std::string KeyParts(const model::Index& index);
/// "UNIQUE KEY `n` (…) USING HASH COMMENT '…'", "FULLTEXT KEY `n` (…)", "KEY `n` (…)"; on a
/// table of `engine` MEMORY (whose keys are hash unless told) a B-tree key says USING BTREE.
std::string IndexDefinition(const model::Index& index, const std::string& engine = "");
/// "PRIMARY KEY (…)", "CONSTRAINT `c` CHECK (…)", "CONSTRAINT `fk` FOREIGN KEY (…)
/// REFERENCES `t` (…) ON DELETE CASCADE" (RESTRICT, the server's default, left out).
std::string ConstraintDefinition(const model::Constraint& constraint);
/// "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=… COMMENT='…'"
/// with only what the table sets.
std::string TableOptions(const model::Table& table);
/// CREATE TABLE with every column, key and constraint of `table` and `indexes`, its options
/// and PARTITION BY.
std::string CreateTable(const model::Table& table, const std::vector<const model::Index*>& indexes);
std::string CreateView(const model::View& view, bool or_replace);
std::string CreateTrigger(const model::Trigger& trigger);
/// CREATE FUNCTION|PROCEDURE name(params) [RETURNS type] [DETERMINISTIC] [READS SQL DATA…]
/// [SQL SECURITY INVOKER] [COMMENT '…'] body.
std::string CreateRoutine(const model::Function& routine);
/// "DROP FUNCTION `f`", "DROP PROCEDURE `p`".
std::string DropRoutine(const model::Function& routine);

}  // namespace keel::planner::mysql
