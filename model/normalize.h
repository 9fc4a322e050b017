// One pass that brings a parsed or introspected catalog to canonical form, so that equal
// schemas compare equal whichever side they came from.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"

namespace keel::model {

/// Assigns server-style names to unnamed constraints and indexes (t_pkey, t_a_key, t_a_fkey,
/// t_a_check, t_a_idx, with the server's 63-byte truncation and numeric suffixes on
/// collisions), fills implied facts (primary-key and identity columns are NOT NULL, a foreign
/// key without columns references the primary key), drops option values equal to their
/// defaults, and sorts constraints by name.
void Normalize(Catalog& catalog);

/// Columns of `table` an expression refers to, in order of first mention (a lexical scan of
/// the canonical text: identifiers outside literals that are not calls or qualified names).
std::vector<std::string> ReferencedColumns(const Table& table, const std::string& expr);

/// The server's makeObjectName(): name1_name2_label truncated to 63 bytes.
std::string MakeObjectName(const std::string& name1, const std::string& name2,
                           const std::string& label);

/// The name the server gives `c` when it has none and nothing else in the table or schema
/// already uses that name (Normalize() adds a number when something does).
std::string DefaultConstraintName(const Table& table, const Constraint& c);

/// Default MINVALUE/MAXVALUE of a sequence of `type` ("smallint", "integer", "bigint").
int64_t SequenceTypeMin(const std::string& type);
int64_t SequenceTypeMax(const std::string& type);

}  // namespace keel::model
