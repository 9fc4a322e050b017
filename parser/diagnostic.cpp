#include "parser/diagnostic.h"

#include <algorithm>

namespace keel::parser {

std::string Diagnostic::Render() const {
  std::string out = loc.ToString();
  if (!out.empty()) out += ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  out += message;
  if (!snippet.empty()) {
    out += "\n" + snippet;
    if (out.back() == '\n') out.pop_back();
  }
  return out;
}

SourceManager::SourceManager(std::string path, const std::string& text)
    : path_(std::move(path)), text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

model::SourceLoc SourceManager::Locate(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  // Columns count characters, not bytes: skip UTF-8 continuation bytes.
  int col = 1;
  for (size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  return {path_, static_cast<int>(line), col};
}

std::string SourceManager::Snippet(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t start = *(it - 1);
  size_t end = text_.find('\n', start);
  if (end == std::string::npos) end = text_.size();
  std::string line = text_.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // Keep tabs in the caret line so the caret stays aligned under the offending character.
  std::string caret;
  for (size_t i = start; i < offset && i < start + line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) continue;
    caret += c == '\t' ? '\t' : ' ';
  }
  return line + "\n" + caret + "^";
}

Diagnostic SourceManager::Error(size_t offset, std::string message) const {
  return {Severity::kError, Locate(offset), std::move(message), Snippet(offset)};
}

Diagnostic SourceManager::Warning(size_t offset, std::string message) const {
  return {Severity::kWarning, Locate(offset), std::move(message), Snippet(offset)};
}

}  // namespace keel::parser
