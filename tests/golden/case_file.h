// Golden .case files: a txtar-like container of named sections.
//
//   # optional comment lines
//   -- current.sql --
//   CREATE TABLE t (id int);
//   -- desired.sql --
//   ...
//
// A section runs from its `-- NAME --` line to the next one. NAME has no spaces, so SQL comments
// such as `-- keel:renamed-from old` never start a section.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keel::golden {

struct CaseFile {
  std::string comment;                                        // the leading '#' lines, verbatim
  std::vector<std::pair<std::string, std::string>> sections;  // in file order

  /// The section's text, or nullopt when the file has no such section.
  std::optional<std::string> Get(const std::string& name) const;
  /// The non-empty lines of a section (empty when there is no such section): `args`, `roles`.
  std::vector<std::string> Lines(const std::string& name) const;
  /// Replaces the section's text, or appends a new section.
  void Set(const std::string& name, const std::string& text);
  void Remove(const std::string& name);
  /// The file text; every non-empty section ends with a newline.
  std::string Serialize() const;
};

/// Parses a .case file. Text before the first section that is not a '#' line is an error.
std::optional<CaseFile> ParseCaseFile(const std::string& text, std::string* error);

/// Every *.case file below `dir`, sorted, as paths relative to `dir`.
std::vector<std::string> ListCaseFiles(const std::string& dir);

}  // namespace keel::golden
