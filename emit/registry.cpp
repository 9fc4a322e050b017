// Output formats by name, as --format takes them.
#include "emit/emit.h"

namespace keel::emit {
namespace {

struct Entry {
  const char* name;
  Format format;
  std::string (*render)(const planner::Plan&, const EmitOptions&);
};

const Entry kFormats[] = {
    {"text", Format::kText, Text}, {"sql", Format::kSql, Sql},
    {"json", Format::kJson, Json}, {"markdown", Format::kMarkdown, Markdown},
    {"dot", Format::kDot, Dot},
};

}  // namespace

const std::vector<std::string>& FormatNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& e : kFormats) out.push_back(e.name);
    return out;
  }();
  return names;
}

std::optional<Format> ParseFormat(const std::string& name) {
  for (const auto& e : kFormats)
    if (name == e.name) return e.format;
  return std::nullopt;
}

std::string Render(Format format, const planner::Plan& plan, const EmitOptions& options) {
  for (const auto& e : kFormats)
    if (e.format == format) return e.render(plan, options);
  return "";
}

}  // namespace keel::emit
