// Splits a MySQL script into statements the way the mysql client does: `;` or the current
// DELIMITER ends a statement outside quotes and comments, and compound bodies (BEGIN ... END)
// of triggers, routines and events keep their inner semicolons without any DELIMITER.
#pragma once

#include <string>
#include <vector>

namespace keel::parser::mysql {

struct Statement {
  size_t offset = 0;  // byte offset of `text` in the file
  std::string text;   // without its delimiter
};

/// Replaces the markers of version comments (`/*!40101 `, `/*M!100316 `, and their `*/`) with
/// spaces, so their contents read as plain SQL; byte offsets stay the same. Version 999999
/// (never run by a server) stays a comment.
std::string BlankVersionComments(const std::string& text);

/// The statements of `text` (version comments already blanked), skipping DELIMITER commands
/// and statements that hold only whitespace and comments.
std::vector<Statement> SplitStatements(const std::string& text);

}  // namespace keel::parser::mysql
