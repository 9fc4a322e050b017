#include "lint/report.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

namespace keel::lint {

using planner::HazardCode;
using planner::Severity;
using Json = nlohmann::ordered_json;

namespace {

constexpr Severity kAllSeverities[] = {Severity::kCritical, Severity::kHigh, Severity::kMedium,
                                       Severity::kLow, Severity::kInfo};

std::string Color(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "\x1b[1;31m";
    case Severity::kMedium:
    case Severity::kLow:
      return "\x1b[1;33m";
    case Severity::kInfo:
      return "\x1b[1;36m";
  }
  return "";
}

// SARIF knows error, warning and note.
std::string SarifLevel(Severity s) {
  if (s >= Severity::kHigh) return "error";
  if (s >= Severity::kLow) return "warning";
  return "note";
}

// A relative path as a URI reference: everything but unreserved characters and '/' escaped.
std::string UriOf(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::map<Severity, int> Counts(const Result& result) {
  std::map<Severity, int> counts;
  for (const auto& f : result.findings) ++counts[f.severity];
  return counts;
}

std::string Summary(const Result& result) {
  const size_t n = result.findings.size();
  std::string out = n == 0 ? "no findings" : fmt::format("{} finding{}", n, n == 1 ? "" : "s");
  std::string parts;
  auto counts = Counts(result);
  for (Severity s : kAllSeverities)
    if (counts[s])
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", counts[s], SeverityName(s));
  if (!parts.empty()) out += ": " + parts;
  if (result.suppressed) out += fmt::format(" ({} suppressed)", result.suppressed);
  return out;
}

}  // namespace

std::optional<Format> ParseFormat(const std::string& name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  if (name == "sarif") return Format::kSarif;
  return std::nullopt;
}

std::vector<std::string> FormatNames() { return {"text", "json", "sarif"}; }

std::optional<Severity> Highest(const Result& result) {
  std::optional<Severity> top;
  for (const auto& f : result.findings)
    if (!top || f.severity > *top) top = f.severity;
  return top;
}

std::string RenderText(const Result& result, bool color) {
  std::string out;
  for (const auto& f : result.findings) {
    const auto& info = planner::Info(f.code);
    std::string severity(SeverityName(f.severity));
    if (color) severity = Color(f.severity) + severity + "\x1b[0m";
    out += fmt::format("{}: {} {}: {}\n", f.loc.ToString(), severity, info.id, f.message);
    out += fmt::format("  why: {}\n  fix: {}\n", info.explanation, info.mitigation);
  }
  out += Summary(result) + "\n";
  return out;
}

std::string RenderJson(const Result& result) {
  Json findings = Json::array();
  for (const auto& f : result.findings) {
    const auto& info = planner::Info(f.code);
    findings.push_back({{"file", f.loc.file},
                        {"line", f.loc.line},
                        {"column", f.loc.col},
                        {"code", info.id},
                        {"severity", SeverityName(f.severity)},
                        {"message", f.message},
                        {"explanation", info.explanation},
                        {"fix", info.mitigation}});
  }
  Json counts = Json::object();
  auto c = Counts(result);
  for (Severity s : kAllSeverities) counts[std::string(SeverityName(s))] = c[s];
  auto top = Highest(result);
  Json doc = {{"version", 1},
              {"findings", findings},
              {"summary",
               {{"findings", result.findings.size()},
                {"suppressed", result.suppressed},
                {"highest", top ? Json(SeverityName(*top)) : Json(nullptr)},
                {"by_severity", counts}}}};
  return doc.dump(2) + "\n";
}

std::string RenderSarif(const Result& result, const std::string& version) {
  Json rules = Json::array();
  std::map<HazardCode, size_t> index;
  for (HazardCode code : Rules()) {
    const auto& info = planner::Info(code);
    index[code] = rules.size();
    rules.push_back({{"id", info.id},
                     {"name", info.id},
                     {"shortDescription", {{"text", info.explanation}}},
                     {"fullDescription", {{"text", info.explanation}}},
                     {"help", {{"text", "Fix: " + std::string(info.mitigation)}}},
                     {"defaultConfiguration", {{"level", SarifLevel(info.severity)}}},
                     {"properties", {{"severity", SeverityName(info.severity)}}}});
  }
  Json results = Json::array();
  for (const auto& f : result.findings) {
    const auto& info = planner::Info(f.code);
    results.push_back(
        {{"ruleId", info.id},
         {"ruleIndex", index[f.code]},
         {"level", SarifLevel(f.severity)},
         {"message", {{"text", f.message + ". Fix: " + std::string(info.mitigation)}}},
         {"locations",
          Json::array({{{"physicalLocation",
                         {{"artifactLocation", {{"uri", UriOf(f.loc.file)}}},
                          {"region", {{"startLine", f.loc.line}, {"startColumn", f.loc.col}}}}}}})},
         {"properties", {{"severity", SeverityName(f.severity)}}}});
  }
  Json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       Json::array(
           {{{"tool", {{"driver", {{"name", "keel"}, {"version", version}, {"rules", rules}}}}},
             {"results", results}}})}};
  return doc.dump(2) + "\n";
}

}  // namespace keel::lint
