#include "parser/mysql/splitter.h"

#include <cctype>

namespace keel::parser::mysql {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Index just past a quoted run starting at `i` (quote char at text[i]).
size_t SkipQuoted(const std::string& text, size_t i) {
  char q = text[i++];
  while (i < text.size()) {
    if (text[i] == '\\' && q != '`') {
      i += 2;
    } else if (text[i] == q) {
      if (i + 1 < text.size() && text[i + 1] == q) {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return text.size();
}

// Index just past the comment starting at `i`, or `i` when none starts there.
size_t SkipComment(const std::string& text, size_t i) {
  if (text.compare(i, 2, "/*") == 0) {
    size_t end = text.find("*/", i + 2);
    return end == std::string::npos ? text.size() : end + 2;
  }
  bool dash = text.compare(i, 2, "--") == 0 &&
              (i + 2 >= text.size() || std::isspace(static_cast<unsigned char>(text[i + 2])));
  if (dash || text[i] == '#') {
    size_t end = text.find('\n', i);
    return end == std::string::npos ? text.size() : end + 1;
  }
  return i;
}

bool OnlyTrivia(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t next = SkipComment(text, i);
    if (next == i) return false;
    i = next;
  }
  return true;
}

}  // namespace

std::string BlankVersionComments(const std::string& text) {
  std::string out = text;
  bool inside = false;
  for (size_t i = 0; i < out.size();) {
    char c = out[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = SkipQuoted(out, i);
    } else if (!inside && (out.compare(i, 3, "/*!") == 0 || out.compare(i, 4, "/*M!") == 0)) {
      size_t digits = i + (out[i + 2] == 'M' ? 4 : 3);
      size_t j = digits;
      while (j < out.size() && std::isdigit(static_cast<unsigned char>(out[j]))) ++j;
      // Version 999999 is newer than any server: a comment for the client only (MariaDB's
      // dumps open with `/*M!999999\- enable the sandbox mode */`).
      if (out.compare(digits, j - digits, "999999") == 0) {
        i = SkipComment(out, i);
        continue;
      }
      for (size_t k = i; k < j; ++k) out[k] = ' ';
      inside = true;
      i = j;
    } else if (inside && out.compare(i, 2, "*/") == 0) {
      out[i] = out[i + 1] = ' ';
      inside = false;
      i += 2;
    } else if (size_t next = SkipComment(out, i); next != i) {
      i = next;
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<Statement> SplitStatements(const std::string& text) {
  std::vector<Statement> out;
  std::string delimiter = ";";
  size_t start = 0;
  // Compound-body tracking for CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT under the `;` delimiter.
  std::vector<std::string> head;  // first words of the current statement
  bool compound = false;
  bool kind_seen = false;
  int depth = 0;
  std::string prev_word;

  auto finish = [&](size_t end, size_t resume) {
    std::string stmt = text.substr(start, end - start);
    if (!OnlyTrivia(stmt)) out.push_back({start, std::move(stmt)});
    start = resume;
    head.clear();
    compound = kind_seen = false;
    depth = 0;
    prev_word.clear();
  };

  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    // DELIMITER is a client command: it stands first on its line, in a statement of its own.
    if (head.empty() && (c == 'd' || c == 'D') && OnlyTrivia(text.substr(start, i - start)) &&
        Upper(text.substr(i, 10)) == "DELIMITER ") {
      size_t j = i + 10;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      size_t k = j;
      while (k < text.size() && !std::isspace(static_cast<unsigned char>(text[k]))) ++k;
      if (k > j) delimiter = text.substr(j, k - j);
      size_t eol = text.find('\n', k);
      i = eol == std::string::npos ? text.size() : eol + 1;
      start = i;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      if (head.empty()) head.push_back("");
      i = SkipQuoted(text, i);
      continue;
    }
    if (size_t next = SkipComment(text, i); next != i) {
      i = next;
      continue;
    }
    if (depth == 0 && text.compare(i, delimiter.size(), delimiter) == 0) {
      finish(i, i + delimiter.size());
      i += delimiter.size();
      continue;
    }
    if (IsWordChar(c)) {
      size_t j = i;
      // A custom delimiter may follow a word directly: END$$.
      while (j < text.size() && IsWordChar(text[j]) && text.compare(j, delimiter.size(), delimiter))
        ++j;
      std::string word = Upper(text.substr(i, j - i));
      // The object kind is the first of these words after CREATE (past OR REPLACE, DEFINER=).
      if (head.size() < 12 && !kind_seen) {
        head.push_back(word);
        if (head.front() != "CREATE") {
          kind_seen = true;
        } else if (word == "TRIGGER" || word == "PROCEDURE" || word == "FUNCTION" ||
                   word == "EVENT") {
          compound = kind_seen = true;
        } else if (word == "TABLE" || word == "VIEW" || word == "INDEX" || word == "DATABASE" ||
                   word == "SCHEMA") {
          kind_seen = true;
        }
      }
      if (compound && delimiter == ";") {
        if (word == "BEGIN" || (word == "CASE" && prev_word != "END")) {
          ++depth;
        } else if (word == "END") {
          size_t k = j;
          while (k < text.size() && std::isspace(static_cast<unsigned char>(text[k]))) ++k;
          size_t e = k;
          while (e < text.size() && IsWordChar(text[e])) ++e;
          std::string next = Upper(text.substr(k, e - k));
          if (next != "IF" && next != "LOOP" && next != "WHILE" && next != "REPEAT" && depth > 0)
            --depth;
        }
      }
      prev_word = word;
      i = j;
      continue;
    }
    if (head.empty() && !std::isspace(static_cast<unsigned char>(c))) head.push_back("");
    ++i;
  }
  finish(text.size(), text.size());
  return out;
}

}  // namespace keel::parser::mysql
