// What a column change costs on the server: questions the planner's lowering and the linter
// (lint/) both ask, answered in one place.
#pragma once

#include <string>

#include "model/catalog.h"

namespace keel::planner::postgres {

/// True when ALTER COLUMN ... TYPE from `from` to `to` (canonical type spellings) rewrites
/// neither the table nor its indexes: widening or removing a varchar length, varchar to text,
/// more numeric precision at the same scale, or none.
bool IsBinaryCoercible(const std::string& from, const std::string& to);

/// True when the expression gives a new value per row (random(), nextval(), a user function
/// declared VOLATILE, an unknown extension's uuid generator): as a column default it makes
/// ADD COLUMN rewrite the table. `expr.key` is a canonical expression key.
bool IsVolatile(const model::Expr& expr, const model::Catalog& catalog);

}  // namespace keel::planner::postgres
