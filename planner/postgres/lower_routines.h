// Lowering of function, procedure and trigger changes (lower_function.cpp, lower_trigger.cpp).
#pragma once

#include <string>
#include <vector>

#include "diff/change.h"
#include "planner/plan.h"
#include "planner/postgres/lower.h"

namespace keel::planner::postgres {

std::vector<Step> LowerRoutineChange(const diff::RoutineChange& change, const LowerContext& ctx);
std::vector<Step> LowerTriggerChange(const diff::RoutineChange& change, const LowerContext& ctx);
std::vector<Step> LowerDefinitionChange(const diff::RoutineChange& change);

/// CREATE [OR REPLACE] FUNCTION/PROCEDURE for `f`, followed by COMMENT ON when it has one.
std::vector<std::string> CreateFunctionSql(const model::Function& f, bool replace);
/// Whether a LANGUAGE sql `function` (any overload) reads `table`, itself or through the
/// functions and views its body names: the server checks the body when it creates it.
bool FunctionReadsTable(const model::QualifiedName& function, const model::QualifiedName& table,
                        const model::Catalog& catalog);
/// "function:schema.name" of every name called in a canonical expression key (built-in names
/// included: nothing provides them, so they order nothing).
std::vector<std::string> FunctionCallNeeds(const std::string& expr);
/// What a trigger stands on: its table, the columns of UPDATE OF, its function.
std::vector<std::string> TriggerUses(const model::Trigger& t);
/// CREATE [CONSTRAINT] TRIGGER for `t`, followed by COMMENT ON when it has one.
std::vector<std::string> CreateTriggerSql(const model::Trigger& t);

}  // namespace keel::planner::postgres
