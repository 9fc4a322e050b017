// Which ALGORITHM a change may name on both MariaDB 10.11 and MySQL 8.0.29+ (InnoDB). A wrong
// ALGORITHM=INSTANT fails the statement, so every rule here errs towards the weaker choice.
#pragma once

#include <string>
#include <vector>

#include "diff/change.h"
#include "model/catalog.h"
#include "planner/mysql/lower.h"

namespace keel::planner::mysql {

/// InnoDB (or no engine named: the server's default, InnoDB) and not partitioned.
bool Online(const model::Table& table);
/// Online, and nothing rules out INSTANT column changes: a FULLTEXT key (hidden FTS_DOC_ID),
/// ROW_FORMAT=COMPRESSED.
bool InstantColumns(const model::Table& table, const std::vector<const model::Index*>& indexes);

/// ADD COLUMN: INSTANT anywhere in the row; a virtual column in place; AUTO_INCREMENT, stored
/// generated columns and expression defaults copy.
Algorithm AddColumnAlgorithm(const model::Table& table, const model::Column& column,
                             const std::vector<const model::Index*>& indexes);
/// DROP COLUMN: INSTANT unless a key still covers it or it is stored generated (in place).
Algorithm DropColumnAlgorithm(const model::Table& table, const model::Column& column,
                              const std::vector<const model::Index*>& indexes);
/// RENAME COLUMN: INSTANT, in place when a key or a foreign key (either side) names it.
Algorithm RenameColumnAlgorithm(const model::Catalog& catalog, const model::Table& table,
                                const std::string& column,
                                const std::vector<const model::Index*>& indexes);
/// MODIFY / ALTER COLUMN, from what changed.
Algorithm AlterColumnAlgorithm(const diff::AlterColumn& change, const model::Table& table);

/// varchar(n) -> varchar(m), m > n, both lengths on the same side of 255 bytes (the length
/// prefix stays one or two bytes); the same for varbinary.
bool WidensVarchar(const std::string& from, const std::string& to, const std::string& charset);
/// enum/set members appended at the end, the storage size unchanged.
bool AppendsMembers(const std::string& from, const std::string& to);
/// Bytes per character of a character set at most; 0 when unknown.
int MaxBytesPerChar(const std::string& charset);
/// A statement runs with the weakest algorithm any of its clauses allows.
inline Algorithm Weakest(Algorithm a, Algorithm b) { return a < b ? a : b; }

}  // namespace keel::planner::mysql
