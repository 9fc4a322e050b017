// Shared by the parser's unit tests: one in-memory schema file, and its errors as rendered.
#pragma once

#include <string>

#include "parser/postgres/parser.h"

namespace keel::parser::postgres {

inline ParseResult Parse(const std::string& sql, ParseOptions options = {}) {
  return ParseFiles({{"schema.sql", sql}}, options);
}

inline std::string Errors(const ParseResult& r) {
  std::string out;
  for (const auto& d : r.errors) out += d.Render() + "\n";
  return out;
}

}  // namespace keel::parser::postgres
