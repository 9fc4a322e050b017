#include "tests/golden/case_file.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace keel::golden {
namespace {

// "-- NAME --" with a non-empty NAME without spaces.
std::optional<std::string> SectionName(const std::string& line) {
  if (line.size() < 7 || !line.starts_with("-- ") || !line.ends_with(" --")) return std::nullopt;
  std::string name = line.substr(3, line.size() - 6);
  if (name.empty() || name.find_first_of(" \t") != std::string::npos) return std::nullopt;
  return name;
}

}  // namespace

std::optional<std::string> CaseFile::Get(const std::string& name) const {
  for (const auto& [n, text] : sections)
    if (n == name) return text;
  return std::nullopt;
}

std::vector<std::string> CaseFile::Lines(const std::string& name) const {
  std::vector<std::string> lines;
  std::istringstream in(Get(name).value_or(""));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

void CaseFile::Set(const std::string& name, const std::string& text) {
  for (auto& [n, t] : sections) {
    if (n == name) {
      t = text;
      return;
    }
  }
  sections.emplace_back(name, text);
}

void CaseFile::Remove(const std::string& name) {
  std::erase_if(sections, [&](const auto& s) { return s.first == name; });
}

std::string CaseFile::Serialize() const {
  std::string out = comment;
  for (const auto& [name, text] : sections) {
    out += "-- " + name + " --\n" + text;
    if (!text.empty() && text.back() != '\n') out += '\n';
  }
  return out;
}

std::optional<CaseFile> ParseCaseFile(const std::string& text, std::string* error) {
  CaseFile file;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  std::string* current = nullptr;
  while (std::getline(in, line)) {
    ++line_no;
    if (auto name = SectionName(line)) {
      if (file.Get(*name)) {
        *error = "line " + std::to_string(line_no) + ": duplicate section '" + *name + "'";
        return std::nullopt;
      }
      file.sections.emplace_back(*name, "");
      current = &file.sections.back().second;
      continue;
    }
    if (current) {
      *current += line + "\n";
    } else if (line.starts_with("#") || line.empty()) {
      file.comment += line + "\n";
    } else {
      *error = "line " + std::to_string(line_no) + ": text before the first section";
      return std::nullopt;
    }
  }
  return file;
}

std::vector<std::string> ListCaseFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".case")
      out.push_back(fs::relative(it->path(), dir).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace keel::golden
