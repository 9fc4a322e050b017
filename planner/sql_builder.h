// SQL spelling of catalog objects (PostgreSQL). Pure functions of the model.
#pragma once

#include <string>

#include "model/catalog.h"

namespace keel::planner::sql {

/// "name type [COLLATE c] [GENERATED …] [DEFAULT e] [NOT NULL]"
std::string ColumnDefinition(const model::Column& column);
/// "PRIMARY KEY (a, b)", "FOREIGN KEY (a) REFERENCES t (b) ON DELETE CASCADE", "CHECK (…)"…
/// without the name and without NOT VALID.
std::string ConstraintDefinition(const model::Constraint& constraint);
/// CREATE TABLE with columns and the table's constraints (foreign keys included if present).
std::string CreateTable(const model::Table& table);
/// CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table USING … (…) INCLUDE (…) WHERE …
std::string CreateIndex(const model::Index& index, bool concurrently);
/// The index's definition without its name (for comparisons and messages).
std::string IndexBody(const model::Index& index);
/// CREATE SEQUENCE with every option that differs from the default.
std::string CreateSequence(const model::Sequence& sequence);
/// " AS type INCREMENT BY … MINVALUE … " option list for CREATE/ALTER SEQUENCE.
std::string SequenceOptions(const model::Sequence& sequence, bool for_alter);
std::string Comment(const std::string& target, const std::optional<std::string>& text);
/// Appends COMMENT ON target when there is a comment to restore.
void AppendComment(std::vector<std::string>& out, const std::string& target,
                   const std::optional<std::string>& text);
std::string FkAction(char action);

}  // namespace keel::planner::sql
