#include "planner/postgres/column_rules.h"

#include <cstdio>
#include <optional>
#include <set>
#include <utility>

#include "planner/postgres/lower_routines.h"

namespace keel::planner::postgres {
namespace {

// Parses "character varying(20)" into ("character varying", 20); no modifier gives -1.
std::pair<std::string, long> SplitLength(const std::string& type) {
  auto open = type.find('(');
  if (open == std::string::npos || type.back() != ')' || type.find(',') != std::string::npos)
    return {type, -1};
  try {
    return {type.substr(0, open), std::stol(type.substr(open + 1))};
  } catch (...) {
    return {type, -2};
  }
}

// Parses "numeric(12,2)" into (12, 2); "numeric" gives (-1, -1); anything else nullopt.
std::optional<std::pair<long, long>> NumericTypmod(const std::string& type) {
  if (type == "numeric") return std::pair<long, long>{-1, -1};
  long precision = 0, scale = 0;
  char close = 0;
  if (std::sscanf(type.c_str(), "numeric(%ld,%ld%c", &precision, &scale, &close) == 3 &&
      close == ')')
    return std::pair<long, long>{precision, scale};
  if (std::sscanf(type.c_str(), "numeric(%ld%c", &precision, &close) == 2 && close == ')')
    return std::pair<long, long>{precision, 0};
  return std::nullopt;
}

// Built-in and common extension functions that return a new value per call.
const std::set<std::string>& VolatileBuiltins() {
  static const std::set<std::string> names = {"random",
                                              "random_normal",
                                              "gen_random_uuid",
                                              "gen_random_bytes",
                                              "uuid_generate_v1",
                                              "uuid_generate_v1mc",
                                              "uuid_generate_v4",
                                              "clock_timestamp",
                                              "timeofday",
                                              "nextval",
                                              "setval",
                                              "txid_current",
                                              "pg_current_xact_id"};
  return names;
}

}  // namespace

bool IsBinaryCoercible(const std::string& from, const std::string& to) {
  auto [from_base, from_len] = SplitLength(from);
  auto [to_base, to_len] = SplitLength(to);
  if (from_base == "character varying" && to == "text") return true;
  if (from_base == "character varying" && to_base == "character varying")
    return to_len == -1 || (from_len >= 0 && to_len >= from_len);
  auto a = NumericTypmod(from), b = NumericTypmod(to);
  if (a && b)
    return b->first == -1 || (a->first != -1 && a->second == b->second && b->first >= a->first);
  return false;
}

bool IsVolatile(const model::Expr& expr, const model::Catalog& catalog) {
  for (const auto& id : FunctionCallNeeds(expr.key)) {
    auto dot = id.rfind('.');
    std::string name = id.substr(dot + 1);
    if (VolatileBuiltins().count(name)) return true;
    std::string schema = id.substr(id.find(':') + 1, dot - id.find(':') - 1);
    const model::QualifiedName qn{schema, name};
    for (auto f = catalog.functions.lower_bound({qn, ""});
         f != catalog.functions.end() && f->first.first == qn; ++f)
      if (f->second.volatility == 'v') return true;
  }
  return false;
}

}  // namespace keel::planner::postgres
