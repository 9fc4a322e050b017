#include "parser/rename_hint.h"

#include <algorithm>
#include <cctype>

namespace keel::parser {
namespace {

std::string ReadHintName(const std::string& line, size_t i, HintNames names) {
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  std::string name;
  if (i < line.size() && (line[i] == '"' || line[i] == '`')) {
    const char quote = line[i];
    for (++i; i < line.size(); ++i) {
      if (line[i] == quote) {
        if (i + 1 < line.size() && line[i + 1] == quote) {
          name += quote;
          ++i;
          continue;
        }
        break;
      }
      name += line[i];
    }
    return name;
  }
  for (; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (!(std::isalnum(c) || c == '_' || c == '$' || c >= 0x80)) break;
    name += names == HintNames::kFoldLower ? static_cast<char>(std::tolower(c))
                                           : static_cast<char>(c);
  }
  return name;
}

std::string FindHint(const std::string& line, HintNames names) {
  if (size_t p = line.find("keel:renamed-from"); p != std::string::npos)
    return ReadHintName(line, p + 17, names);
  if (size_t p = line.find("@renamed"); p != std::string::npos) {
    if (size_t f = line.find("from=", p); f != std::string::npos)
      return ReadHintName(line, f + 5, names);
  }
  return "";
}

bool IsCommentLine(const std::string& line) {
  size_t i = line.find_first_not_of(" \t");
  return i != std::string::npos &&
         (line.compare(i, 2, "--") == 0 || line.compare(i, 2, "/*") == 0 || line[i] == '#');
}

}  // namespace

std::string RenameHintAt(const std::string& text, size_t offset, HintNames names) {
  offset = std::min(offset, text.size());
  size_t start = offset == 0 ? 0 : text.rfind('\n', offset - 1);
  start = start == std::string::npos || offset == 0 ? 0 : start + 1;
  size_t end = text.find('\n', offset);
  if (end == std::string::npos) end = text.size();
  if (std::string hint = FindHint(text.substr(start, end - start), names); !hint.empty())
    return hint;
  if (start == 0) return "";
  size_t prev_start = start >= 2 ? text.rfind('\n', start - 2) : std::string::npos;
  prev_start = prev_start == std::string::npos ? 0 : prev_start + 1;
  std::string prev = text.substr(prev_start, start - 1 - prev_start);
  return IsCommentLine(prev) ? FindHint(prev, names) : "";
}

}  // namespace keel::parser
