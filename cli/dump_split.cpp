#include "cli/dump_split.h"

#include <fmt/format.h>

#include <cstdint>
#include <vector>

#include "diff/change.h"
#include "diff/change_routines.h"
#include "diff/change_types.h"
#include "model/hash.h"

namespace keel::cli {
namespace {

std::string InSchema(const model::QualifiedName& qn, const std::string& kind,
                     const std::string& file) {
  // A MySQL database's own objects (schema "") sit at the top: DIR/tables/t.sql.
  if (qn.schema.empty()) return kind + "/" + file + ".sql";
  return SafeFileName(qn.schema) + "/" + kind + "/" + file + ".sql";
}

class Router {
 public:
  explicit Router(const model::Catalog& c) {
    for (const auto& [name, s] : c.schemas)
      Add(diff::SchemaId(name), SafeFileName(name) + "/schema.sql");
    for (const auto& [qn, t] : c.tables) {
      std::string path = InSchema(qn, "tables", SafeFileName(qn.name));
      std::string id = diff::TableId(qn);
      Add(id, path);
      Add("primary-key:" + id, path);
      for (const auto& col : t.columns) {
        std::string cid = diff::ColumnId(qn, col.name);
        Add(cid, path);
        Add("not-null:" + cid, path);
        Add("type:" + cid, path);
      }
      for (const auto& con : t.constraints) Add(diff::ConstraintId(qn, con.name), path);
    }
    for (const auto& [qn, v] : c.views)
      Add(diff::ViewId(qn),
          InSchema(qn, v.materialized ? "materialized_views" : "views", SafeFileName(qn.name)));
    for (const auto& [qn, i] : c.indexes) {
      auto owner = by_id_.find(diff::TableId(i.table));
      if (owner == by_id_.end()) owner = by_id_.find(diff::ViewId(i.table));  // matviews
      Add(diff::IndexId(qn),
          owner != by_id_.end() ? owner->second : InSchema(qn, "indexes", SafeFileName(qn.name)));
    }
    for (const auto& [qn, s] : c.sequences)
      Add(diff::SequenceId(qn), InSchema(qn, "sequences", SafeFileName(qn.name)));
    for (const auto& [qn, e] : c.enums)
      Add(diff::UserTypeId(qn), InSchema(qn, "types", SafeFileName(qn.name)));
    for (const auto& [qn, d] : c.domains)
      Add(diff::UserTypeId(qn), InSchema(qn, "types", SafeFileName(qn.name)));
    for (const auto& [qn, t] : c.composites)
      Add(diff::UserTypeId(qn), InSchema(qn, "types", SafeFileName(qn.name)));
    for (const auto& [name, e] : c.extensions)
      Add(diff::ExtensionId(name), "extensions/" + SafeFileName(name) + ".sql");
    for (const auto& [key, t] : c.triggers) {
      auto owner = by_id_.find(diff::TableId(t.table));
      if (owner == by_id_.end()) owner = by_id_.find(diff::ViewId(t.table));
      if (owner != by_id_.end()) Add(diff::TriggerId(t.table, t.name), owner->second);
    }

    // Overloads share their FunctionId: tell them apart by the step description, which names
    // the signature.
    std::map<model::QualifiedName, int> overloads;
    for (const auto& [key, f] : c.functions) ++overloads[f.name];
    for (const auto& [key, f] : c.functions) {
      std::string file = SafeFileName(f.name.name);
      if (overloads[f.name] > 1) file += "-" + model::Fnv1a32Hex(f.signature);
      std::string path = InSchema(f.name, "functions", file);
      by_description_[diff::DescribeRoutineChange(diff::RoutineChange{diff::CreateFunction{f}})] =
          path;
      // Comments and other steps without a signature fall back to the first overload's file.
      by_id_.emplace(diff::FunctionId(f.name), path);
    }
    std::map<std::pair<std::string, model::QualifiedName>, int> definitions;
    for (const auto& [key, d] : c.definitions) ++definitions[{d.kind, d.name}];
    for (const auto& [key, d] : c.definitions) {
      std::string file = SafeFileName(d.name.name);
      if (definitions[{d.kind, d.name}] > 1) file += "-" + model::Fnv1a32Hex(d.args);
      Add(diff::DefinitionId(d),
          InSchema(d.name, d.kind == "OPERATOR" ? "operators" : "aggregates", file));
    }
  }

  std::string Route(const planner::Step& step) const {
    if (auto it = by_description_.find(step.description); it != by_description_.end())
      return it->second;
    if (auto it = by_id_.find(step.object); it != by_id_.end()) return it->second;
    // An identity keel does not know how to place yet: keep it, grouped by its kind.
    std::string kind = step.object.substr(0, step.object.find(':'));
    return "other/" + SafeFileName(kind.empty() ? "unknown" : kind) + ".sql";
  }

 private:
  void Add(const std::string& id, const std::string& path) { by_id_.emplace(id, path); }

  std::map<std::string, std::string> by_id_;
  std::map<std::string, std::string> by_description_;
};

}  // namespace

std::string SafeFileName(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out.empty() ? "%" : out;
}

std::map<std::string, std::string> SplitDump(const planner::Plan& plan,
                                             const model::Catalog& catalog) {
  Router router(catalog);
  std::map<std::string, std::string> files;
  for (const auto& step : plan.steps) {
    if (step.sql.empty()) continue;
    std::string& text = files[router.Route(step)];
    for (const auto& stmt : step.sql) text += (text.empty() ? "" : "\n") + stmt + ";\n";
  }
  return files;
}

}  // namespace keel::cli
