#include "cli/fleet.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "model/hash.h"

namespace keel::cli {
namespace {

std::string Where(const std::string& path, const toml::source_region& r) {
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

bool ValidName(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

// A password written into the targets file ends up in every review and backup of it.
bool HoldsPassword(const std::string& url) {
  if (url.find("password=") != std::string::npos) return true;
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  auto at = url.find('@', scheme + 3);
  if (at == std::string::npos) return false;
  return url.substr(scheme + 3, at - scheme - 3).find(':') != std::string::npos;
}

std::string ReadTarget(const std::string& path, const toml::table& table, FleetTarget* t) {
  t->where = Where(path, table.source());
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    const std::string at = Where(path, node.source());
    if (k == "canary") {
      auto b = node.value<bool>();
      if (!node.is_boolean() || !b) return at + ": canary must be true or false";
      t->canary = *b;
      continue;
    }
    std::string* slot = k == "name"        ? &t->name
                        : k == "url"       ? &t->url
                        : k == "url_env"   ? &t->url_env
                        : k == "in_schema" ? &t->in_schema
                                           : nullptr;
    if (!slot)
      return at + ": unknown key '" + k + "' (one of: name, url, url_env, in_schema, canary)";
    auto s = node.value<std::string>();
    if (!node.is_string() || !s) return at + ": " + k + " must be a string";
    *slot = *s;
  }
  return "";
}

}  // namespace

std::string LoadTargetsFile(const std::string& path, std::vector<FleetTarget>* targets) {
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    if (!e.source().begin) return path + ": " + std::string(e.description());
    return Where(path, e.source()) + ": " + std::string(e.description());
  }
  for (const auto& [key, node] : doc) {
    if (key.str() != "target")
      return Where(path, node.source()) + ": unknown table '" + std::string(key.str()) +
             "'; targets are [[target]] tables";
    const toml::array* list = node.as_array();
    if (!list) return Where(path, node.source()) + ": target must be an array of tables";
    for (const auto& item : *list) {
      const toml::table* table = item.as_table();
      if (!table) return Where(path, item.source()) + ": a target must be a table";
      FleetTarget t;
      if (std::string e = ReadTarget(path, *table, &t); !e.empty()) return e;
      targets->push_back(std::move(t));
    }
  }
  if (targets->empty()) return path + ": no [[target]] in the file";
  return CheckTargets(*targets);
}

std::string CheckTargets(const std::vector<FleetTarget>& targets) {
  std::set<std::string> names;
  for (const auto& t : targets) {
    const std::string at = t.where.empty() ? "" : t.where + ": ";
    if (!ValidName(t.name))
      return at + "target name '" + t.name +
             "' must be letters, digits, '_', '-' or '.' (it names report and backup folders)";
    if (!names.insert(t.name).second) return at + "target '" + t.name + "' is listed twice";
    if (!t.control && t.url.empty() == t.url_env.empty())
      return at + "target '" + t.name + "' needs exactly one of url and url_env";
    if (HoldsPassword(t.url))
      return at + "target '" + t.name +
             "': the url holds a password; put the URL in an environment variable and name it "
             "with url_env (or use ~/.pgpass)";
  }
  return "";
}

std::optional<std::string> TargetUrl(const FleetTarget& target) {
  if (target.url_env.empty()) return target.url;
  const char* value = std::getenv(target.url_env.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::vector<size_t> PickCanaries(const std::vector<FleetTarget>& targets, const std::string& spec,
                                 std::string* error) {
  std::vector<size_t> picked;
  if (spec.empty()) {
    for (size_t i = 0; i < targets.size(); ++i)
      if (targets[i].canary) picked.push_back(i);
    if (picked.empty() && targets.size() > 1) picked.push_back(0);
    return picked;
  }
  if (std::all_of(spec.begin(), spec.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    size_t n = std::min<size_t>(std::stoul(spec.substr(0, 9)), targets.size());
    for (size_t i = 0; i < n; ++i) picked.push_back(i);
    return picked;
  }
  std::set<size_t> chosen;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    std::string name = spec.substr(start, comma - start);
    start = comma + 1;
    auto it = std::find_if(targets.begin(), targets.end(),
                           [&](const FleetTarget& t) { return t.name == name; });
    if (it == targets.end()) {
      *error = "--canaries: no target named '" + name + "'";
      return {};
    }
    chosen.insert(static_cast<size_t>(it - targets.begin()));
  }
  return {chosen.begin(), chosen.end()};
}

namespace {

// What a step runs: two steps are the same step when this is equal (descriptions can repeat).
std::string StepSql(const planner::Step& step) {
  std::string text;
  for (const auto& sql : step.sql) text += sql + ";\n";
  return text;
}

}  // namespace

std::string PlanGroupKey(const planner::Plan& plan) {
  std::string text;
  for (const auto& s : plan.steps) text += StepSql(s);
  return model::Fnv1a64Hex(text);
}

std::vector<std::string> PlanDifference(const planner::Plan& base, const planner::Plan& other) {
  std::multiset<std::string> in_base, in_other;
  for (const auto& s : base.steps) in_base.insert(StepSql(s));
  for (const auto& s : other.steps) in_other.insert(StepSql(s));
  std::vector<std::string> lines;
  for (const auto& s : other.steps)
    if (!in_base.count(StepSql(s))) lines.push_back("+ " + s.description);
  for (const auto& s : base.steps)
    if (!in_other.count(StepSql(s))) lines.push_back("- " + s.description);
  return lines;
}

int WorstExitCode(const std::vector<int>& codes) {
  // Worst first: a half-applied target, then a target not where it should be, then the ones
  // left unchanged for a reason.
  static const std::vector<int> kOrder = {2, 4, 3, 6, 5, 1, 7, 8, 10};
  int worst = 0;
  auto rank = [](int code) {
    auto it = std::find(kOrder.begin(), kOrder.end(), code);
    return it == kOrder.end() ? -1 : static_cast<int>(kOrder.end() - it);
  };
  for (int c : codes)
    if (c != 0 && (worst == 0 || rank(c) > rank(worst))) worst = c;
  return worst;
}

}  // namespace keel::cli
