#include "apply/saved_plan.h"

#include <nlohmann/json.hpp>

#include "model/hash.h"

namespace keel::apply {
namespace {

using Json = nlohmann::json;

// Thrown with the path of the offending field; turned into the error message.
struct BadField {
  std::string path;
  std::string what;
};

const Json& Field(const Json& obj, const std::string& path, const char* name) {
  if (!obj.is_object() || !obj.contains(name)) throw BadField{path + "." + name, "missing"};
  return obj.at(name);
}

std::string String(const Json& obj, const std::string& path, const char* name) {
  const Json& v = Field(obj, path, name);
  if (!v.is_string()) throw BadField{path + "." + name, "not a string"};
  return v.get<std::string>();
}

std::string OptionalString(const Json& obj, const char* name) {
  return obj.contains(name) && obj.at(name).is_string() ? obj.at(name).get<std::string>() : "";
}

long Number(const Json& obj, const std::string& path, const char* name) {
  const Json& v = Field(obj, path, name);
  if (!v.is_number_integer()) throw BadField{path + "." + name, "not a whole number"};
  return v.get<long>();
}

bool Bool(const Json& obj, const std::string& path, const char* name) {
  const Json& v = Field(obj, path, name);
  if (!v.is_boolean()) throw BadField{path + "." + name, "not true or false"};
  return v.get<bool>();
}

std::vector<std::string> Strings(const Json& obj, const std::string& path, const char* name) {
  const Json& v = Field(obj, path, name);
  if (!v.is_array()) throw BadField{path + "." + name, "not a list"};
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) throw BadField{path + "." + name, "holds a non-string"};
    out.push_back(item.get<std::string>());
  }
  return out;
}

planner::Step ReadStep(const Json& j, const std::string& path) {
  planner::Step s;
  s.id = static_cast<int>(Number(j, path, "id"));
  s.object = String(j, path, "object");
  s.description = String(j, path, "description");
  s.transactional = Bool(j, path, "transactional");
  auto lock = planner::LockFromName(String(j, path, "lock"));
  if (!lock) throw BadField{path + ".lock", "unknown lock '" + String(j, path, "lock") + "'"};
  s.lock = *lock;
  s.lock_table = String(j, path, "lock_table");
  s.sql = Strings(j, path, "sql");
  s.rollback_sql = Strings(j, path, "rollback_sql");
  auto rev = planner::ReversibilityFromName(String(j, path, "reversibility"));
  if (!rev) throw BadField{path + ".reversibility", "unknown value"};
  s.reversibility = *rev;
  s.rollback_note = String(j, path, "rollback_note");
  const Json& hazards = Field(j, path, "hazards");
  for (size_t i = 0; i < hazards.size(); ++i) {
    std::string at = path + ".hazards[" + std::to_string(i) + "]";
    const auto* info = planner::FindHazard(String(hazards[i], at, "code"));
    if (!info)
      throw BadField{at + ".code", "unknown hazard '" + String(hazards[i], at, "code") + "'"};
    s.hazards.push_back({info->code, String(hazards[i], at, "detail")});
  }
  s.placed_after = String(j, path, "placed_after");
  long phase = Number(j, path, "phase");
  if (phase < 1 || phase > 3) throw BadField{path + ".phase", "not 1, 2 or 3"};
  s.phase = static_cast<planner::Phase>(phase);
  s.own_transaction = Bool(j, path, "own_transaction");
  s.statement_timeout_ms = static_cast<int>(Number(j, path, "statement_timeout_ms"));
  s.before_retry = Strings(j, path, "before_retry");
  if (j.contains("expect_empty")) s.expect_empty = Strings(j, path, "expect_empty");
  const Json& b = Field(j, path, "backfill");
  if (!b.is_null()) {
    std::string at = path + ".backfill";
    planner::Backfill backfill;
    backfill.table = String(b, at, "table");
    backfill.column = String(b, at, "column");
    backfill.value = String(b, at, "value");
    backfill.pending = String(b, at, "pending");
    for (const auto& k : Field(b, at, "key"))
      backfill.key.emplace_back(String(k, at + ".key", "column"), String(k, at + ".key", "type"));
    s.backfill = std::move(backfill);
  }
  const Json& risk = Field(j, path, "risk");
  s.risk.score = static_cast<int>(Number(risk, path + ".risk", "score"));
  s.risk.estimated_seconds = Field(risk, path + ".risk", "estimated_seconds").get<double>();
  s.risk.blocking_seconds = Field(risk, path + ".risk", "blocking_seconds").get<double>();
  s.risk.factors = Strings(risk, path + ".risk", "factors");
  return s;
}

}  // namespace

std::optional<SavedPlan> ParsePlan(const std::string& text, std::string* error) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    *error = std::string("not JSON: ") + e.what();
    return std::nullopt;
  }
  SavedPlan saved;
  try {
    std::string format = String(doc, "", "format");
    if (format != "keel.plan/v1")
      throw BadField{".format",
                     "'" + format + "' is not a plan format this keel reads (keel.plan/v1)"};
    saved.from = String(doc, "", "from");
    saved.to = String(doc, "", "to");
    planner::Plan& plan = saved.plan;
    const Json& settings = Field(doc, "", "settings");
    plan.settings.lock_timeout_ms =
        static_cast<int>(Number(settings, ".settings", "lock_timeout_ms"));
    plan.settings.statement_timeout_ms =
        static_cast<int>(Number(settings, ".settings", "statement_timeout_ms"));
    plan.settings.batch_size = static_cast<int>(Number(settings, ".settings", "batch_size"));
    plan.settings.batch_pause_ms =
        static_cast<int>(Number(settings, ".settings", "batch_pause_ms"));
    plan.fingerprint = OptionalString(doc, "fingerprint");
    plan.desired_sql = OptionalString(doc, "desired_sql");
    plan.in_schema = OptionalString(doc, "in_schema");
    if (std::string dialect = OptionalString(doc, "dialect"); dialect == "mysql")
      plan.dialect = model::Dialect::kMySql;
    else if (!dialect.empty() && dialect != "postgres")
      throw BadField{".dialect", "'" + dialect + "' is not a dialect this keel reads"};
    if (doc.contains("edges"))
      for (const auto& e : doc.at("edges"))
        plan.edges.push_back({static_cast<int>(Number(e, ".edges", "before")),
                              static_cast<int>(Number(e, ".edges", "after")),
                              String(e, ".edges", "why")});
    const Json& steps = Field(doc, "", "steps");
    if (!steps.is_array()) throw BadField{".steps", "not a list"};
    for (size_t i = 0; i < steps.size(); ++i)
      plan.steps.push_back(ReadStep(steps[i], ".steps[" + std::to_string(i) + "]"));
  } catch (const BadField& bad) {
    *error = bad.path.substr(1) + ": " + bad.what;
    return std::nullopt;
  } catch (const Json::exception& e) {
    *error = e.what();
    return std::nullopt;
  }
  saved.hash = "fnv1a64:" + model::Fnv1a64Hex(text);
  return saved;
}

}  // namespace keel::apply
