#include "diff/change_routines.h"

#include "model/overloaded.h"

namespace keel::diff {
namespace {

using keel::Overloaded;

std::string Signature(const model::Function& f) {
  return f.name.Display() + "(" + f.signature + ")";
}

// "AGGREGATE public.f(text)" -> "aggregate public.f(text)": descriptions start lower case.
std::string Lower(std::string object_sql) {
  for (size_t i = 0; i < object_sql.size() && object_sql[i] != ' '; ++i)
    object_sql[i] = static_cast<char>(object_sql[i] - 'A' + 'a');
  return object_sql;
}

}  // namespace

std::string FunctionId(const model::QualifiedName& f) { return "function:" + f.Display(); }
std::string DefinitionId(const model::Definition& d) {
  std::string kind = d.kind == "OPERATOR" ? "operator:" : "aggregate:";
  return kind + d.name.Display() + "(" + d.args + ")";
}
std::string TriggerId(const model::QualifiedName& t, const std::string& trigger) {
  return "trigger:" + t.Display() + "." + trigger;
}

RoutineChange InverseRoutineChange(const RoutineChange& change) {
  return std::visit(
      Overloaded{
          [](const CreateFunction& c) { return RoutineChange{DropFunction{c.function}}; },
          [](const DropFunction& c) { return RoutineChange{CreateFunction{c.function}}; },
          [](const ReplaceFunction& c) {
            return RoutineChange{ReplaceFunction{c.to, c.from}};
          },
          [](const CreateTrigger& c) { return RoutineChange{DropTrigger{c.trigger}}; },
          [](const DropTrigger& c) { return RoutineChange{CreateTrigger{c.trigger}}; },
          [](const ReplaceTrigger& c) {
            return RoutineChange{ReplaceTrigger{c.to, c.from}};
          },
          [](const CreateDefinition& c) { return RoutineChange{DropDefinition{c.definition}}; },
          [](const DropDefinition& c) { return RoutineChange{CreateDefinition{c.definition}}; },
          [](const ReplaceDefinition& c) {
            return RoutineChange{ReplaceDefinition{c.to, c.from}};
          },
      },
      change.change);
}

std::string DescribeRoutineChange(const RoutineChange& change) {
  auto kind = [](const model::Function& f) {
    return std::string(f.is_procedure ? "procedure " : "function ");
  };
  return std::visit(
      Overloaded{
          [&](const CreateFunction& c) {
            return "create " + kind(c.function) + Signature(c.function);
          },
          [&](const DropFunction& c) { return "drop " + kind(c.function) + Signature(c.function); },
          [&](const ReplaceFunction& c) { return "replace " + kind(c.to) + Signature(c.to); },
          [](const CreateTrigger& c) {
            return "create trigger " + c.trigger.name + " on " + c.trigger.table.Display();
          },
          [](const DropTrigger& c) {
            return "drop trigger " + c.trigger.name + " on " + c.trigger.table.Display();
          },
          [](const ReplaceTrigger& c) {
            return "replace trigger " + c.to.name + " on " + c.to.table.Display();
          },
          [](const CreateDefinition& c) { return "create " + Lower(c.definition.ObjectSql()); },
          [](const DropDefinition& c) { return "drop " + Lower(c.definition.ObjectSql()); },
          [](const ReplaceDefinition& c) { return "replace " + Lower(c.to.ObjectSql()); },
      },
      change.change);
}

}  // namespace keel::diff
