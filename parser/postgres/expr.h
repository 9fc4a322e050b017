// Canonical text of SQL expressions, so that a default or check written in a file and the
// server's pg_get_expr() rendering of it compare equal.
#pragma once

#include <optional>
#include <string>

#include "model/catalog.h"

namespace keel::parser::postgres {

/// Parses `expr` as a scalar expression and deparses it in canonical form: normalized
/// spelling and spacing, redundant parentheses removed, `public.` and `pg_catalog.` qualifiers
/// dropped, casts the server adds implicitly (string/NULL constants cast to a type, e.g.
/// 'x'::text, 'a.b'::regclass) removed. Returns nullopt when `expr` is not an expression.
std::optional<std::string> CanonicalExpr(const std::string& expr);

/// An expression as the server prints it (pg_get_expr): emitted as is, compared by its
/// canonical key.
model::Expr ServerExpr(const std::string& sql);

/// An EXCLUDE constraint as pg_get_constraintdef prints it, read into the same canonical form
/// the parser gives a file's; nullopt when it does not parse.
std::optional<std::pair<std::string, std::vector<std::string>>> CanonicalExclusion(
    const std::string& constraint_def);

/// Canonical spelling of a type name as format_type() prints it with search_path = public
/// ("int4" / "int" -> "integer", "varchar(20)" -> "character varying(20)", "_int4" -> "integer[]").
/// Returns the input unchanged when it cannot be parsed.
std::string CanonicalType(const std::string& type);

}  // namespace keel::parser::postgres
