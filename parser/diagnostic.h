// Diagnostics are values: a location, a message, and the source line with a caret.
#pragma once

#include <string>
#include <vector>

#include "model/catalog.h"

namespace keel::parser {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  model::SourceLoc loc;
  std::string message;
  /// The offending source line and a caret under the column, or empty.
  std::string snippet;
  /// "file:line:col: error: message" followed by the snippet lines.
  std::string Render() const;
};

/// Maps byte offsets of one file to line:col and renders the line with a caret.
class SourceManager {
 public:
  SourceManager(std::string path, const std::string& text);
  model::SourceLoc Locate(size_t offset) const;
  /// The line holding `offset` and a caret line beneath it.
  std::string Snippet(size_t offset) const;
  Diagnostic Error(size_t offset, std::string message) const;
  Diagnostic Warning(size_t offset, std::string message) const;
  const std::string& text() const { return text_; }

 private:
  std::string path_;
  const std::string& text_;
  std::vector<size_t> line_starts_;
};

}  // namespace keel::parser
