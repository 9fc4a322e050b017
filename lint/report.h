// Renders lint results as text (for people), JSON (for scripts) or SARIF 2.1.0 (for code
// scanning upload). Every format is deterministic for the same inputs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lint/lint.h"

namespace keel::lint {

enum class Format { kText, kJson, kSarif };

std::optional<Format> ParseFormat(const std::string& name);
std::vector<std::string> FormatNames();

/// file:line:col: severity code: message, then the fix; a summary line at the end.
std::string RenderText(const Result& result, bool color);
/// {"findings": [...], "summary": {...}}; see docs/lint.md.
std::string RenderJson(const Result& result);
/// One run of tool "keel" with every lint rule and one result per finding.
std::string RenderSarif(const Result& result, const std::string& version);

/// The highest severity among the findings; nullopt when there are none.
std::optional<planner::Severity> Highest(const Result& result);

}  // namespace keel::lint
