#include "planner/dump.h"

#include "diff/differ.h"
#include "model/hash.h"

namespace keel::planner {

PlanResult CreationPlan(const model::Catalog& catalog) {
  model::Catalog empty;
  empty.dialect = catalog.dialect;
  return BuildPlan(diff::Diff(empty, catalog), empty, catalog);
}

std::string StatementsSql(const Plan& plan) {
  std::string text;
  for (const auto& step : plan.steps)
    for (const auto& stmt : step.sql) {
      // A MySQL trigger or routine body holds ';': the mysql client needs another delimiter.
      if (plan.dialect == model::Dialect::kMySql && stmt.find(';') != std::string::npos)
        text += "\nDELIMITER ;;\n" + stmt + ";;\nDELIMITER ;\n";
      else
        text += "\n" + stmt + ";\n";
    }
  return text;
}

std::string Fingerprint(const model::Catalog& catalog) {
  auto result = CreationPlan(catalog);
  if (!result.error.empty()) return {};
  return "fnv1a64:" + model::Fnv1a64Hex(StatementsSql(result.plan));
}

}  // namespace keel::planner
