// Changes to functions, procedures and triggers, grouped in one alternative of Change so the
// shared variant grows by one member only.
#pragma once

#include <string>
#include <variant>

#include "model/catalog.h"

namespace keel::diff {

struct CreateFunction {
  model::Function function;
};
struct DropFunction {
  model::Function function;
};
/// CREATE OR REPLACE: same identity, return type and argument names.
struct ReplaceFunction {
  model::Function from;
  model::Function to;
};
struct CreateTrigger {
  model::Trigger trigger;
};
struct DropTrigger {
  model::Trigger trigger;
};
/// Drop and create again in one transactional step.
struct ReplaceTrigger {
  model::Trigger from;
  model::Trigger to;
};

/// Operators and aggregates: created, dropped, or changed (aggregates in place with CREATE OR
/// REPLACE, operators by drop + create).
struct CreateDefinition {
  model::Definition definition;
};
struct DropDefinition {
  model::Definition definition;
};
struct ReplaceDefinition {
  model::Definition from;
  model::Definition to;
};

struct RoutineChange {
  std::variant<CreateFunction, DropFunction, ReplaceFunction, CreateTrigger, DropTrigger,
               ReplaceTrigger, CreateDefinition, DropDefinition, ReplaceDefinition>
      change;
};

RoutineChange InverseRoutineChange(const RoutineChange& change);
std::string DescribeRoutineChange(const RoutineChange& change);
/// "function:public.f": overloads share it (views name their dependencies this way).
std::string FunctionId(const model::QualifiedName& function);
/// "operator:public.~<<(text, text)", "aggregate:public.group_concat(text)".
std::string DefinitionId(const model::Definition& d);
/// "trigger:public.t.trg".
std::string TriggerId(const model::QualifiedName& table, const std::string& trigger);

}  // namespace keel::diff
