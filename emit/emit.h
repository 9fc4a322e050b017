// Plan -> text / SQL / JSON. Deterministic: the same plan gives byte-identical output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "planner/plan.h"

namespace keel::emit {

enum class Format { kText, kSql, kJson, kDot, kMarkdown };

/// Names accepted by --format, in help order.
const std::vector<std::string>& FormatNames();
std::optional<Format> ParseFormat(const std::string& name);

struct EmitOptions {
  bool rollback = false;   // sql: the rollback script instead of the forward one
  bool explain = false;    // text: why each step sits where it does
  bool color = false;      // text: ANSI colours
  std::string from_label;  // "postgres://host/db", "schema/" …: shown in headers
  std::string to_label;
};

std::string Text(const planner::Plan& plan, const EmitOptions& options);
/// A script psql -X -v ON_ERROR_STOP=1 -f can run: transactional steps grouped in
/// BEGIN … COMMIT with SET LOCAL timeouts, non-transactional statements alone.
std::string Sql(const planner::Plan& plan, const EmitOptions& options);
/// Versioned JSON document (format "keel.plan/v1").
std::string Json(const planner::Plan& plan, const EmitOptions& options);
/// Graphviz DOT of the dependency graph: one node per step, one edge per "must run before".
std::string Dot(const planner::Plan& plan, const EmitOptions& options);
/// A GitHub-flavoured pull-request comment, first line `<!-- keel:plan -->`.
std::string Markdown(const planner::Plan& plan, const EmitOptions& options);

std::string Render(Format format, const planner::Plan& plan, const EmitOptions& options);

}  // namespace keel::emit
