// The dependency graph of a plan in Graphviz DOT: `keel plan --format dot | dot -Tsvg`.
#include <fmt/format.h>

#include "emit/describe.h"
#include "emit/emit.h"

namespace keel::emit {
namespace {

// A DOT double-quoted string; "\n" inside it is a line break of the label.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string Dot(const planner::Plan& plan, const EmitOptions& options) {
  std::string out = "// keel plan: an edge goes from a step to one that must run after it\n";
  if (!options.from_label.empty()) out += "// from: " + options.from_label + "\n";
  if (!options.to_label.empty()) out += "// to:   " + options.to_label + "\n";
  out += "digraph keel_plan {\n";
  out += "  node [shape=box, fontname=\"monospace\"];\n";
  for (const auto& s : plan.steps) {
    std::string lock = "lock " + LockText(s, plan.dialect);
    std::string label = fmt::format("{}. {}\n{}\n{}", s.id, s.description, lock,
                                    s.transactional ? "transactional" : "outside a transaction");
    // Dashed: the step cannot share a transaction with its neighbours.
    out += fmt::format("  s{} [label={}{}];\n", s.id, Quote(label),
                       s.transactional ? "" : ", style=dashed");
  }
  for (const auto& e : plan.edges)
    out += fmt::format("  s{} -> s{} [label={}];\n", e.before, e.after, Quote(e.why));
  return out + "}\n";
}

}  // namespace keel::emit
