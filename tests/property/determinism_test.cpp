// Invariant 3, offline: the same (A, B) gives byte-identical text, SQL and JSON, whether planned
// twice, from catalogs built in another order, or from the same DDL shuffled and split into
// several files.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "emit/emit.h"
#include "tests/property/catalog_gen.h"
#include "tests/property/gen_util.h"
#include "tests/property/prop_check.h"

namespace keel::proptest {
namespace {

constexpr int kDeterminismCases = 300;

struct Rendered {
  std::string text, sql, rollback, json;
  bool operator==(const Rendered&) const = default;
};

Rendered Render(const model::Catalog& raw_a, const model::Catalog& raw_b) {
  const PlanOutcome outcome = PlanBetween(Normalized(raw_a), Normalized(raw_b));
  if (!outcome.error.empty()) RC_FAIL("planning: " + outcome.error);
  emit::EmitOptions options;
  options.explain = true;
  Rendered out;
  out.text = emit::Text(outcome.plan, options);
  out.sql = emit::Sql(outcome.plan, options);
  out.json = emit::Json(outcome.plan, options);
  options.rollback = true;
  out.rollback = emit::Sql(outcome.plan, options);
  return out;
}

// The same catalog with each table's constraints reversed (the maps are ordered already;
// columns keep their order: it is part of the schema).
model::Catalog Reordered(model::Catalog c) {
  for (auto& [_, t] : c.tables) std::reverse(t.constraints.begin(), t.constraints.end());
  return c;
}

bool AddsColumn(const std::string& statement) {
  return statement.starts_with("ALTER TABLE") &&
         statement.find(" ADD COLUMN ") != std::string::npos;
}

// The same DDL, statements shuffled and dealt into 1 to 5 files. ADD COLUMNs stay in the first
// file in their order: that order is the columns' order, part of the schema.
model::Catalog Reshuffled(const std::vector<std::string>& statements) {
  std::vector<std::string> order = statements;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[Uniform<size_t>(0, i)]);
  std::vector<std::string> adds;
  std::copy_if(statements.begin(), statements.end(), std::back_inserter(adds), AddsColumn);
  auto next = adds.begin();
  for (auto& statement : order)
    if (AddsColumn(statement)) statement = *next++;
  std::vector<std::vector<std::string>> files(Uniform<size_t>(1, 6));
  for (const auto& statement : order)
    files[AddsColumn(statement) ? 0 : Uniform<size_t>(0, files.size())].push_back(statement);
  return ParseStatements(files);
}

void ExpectSame(const Rendered& expected, const Rendered& actual, const std::string& what) {
  if (expected == actual) return;
  for (auto [name, e, a] : {std::tuple{"text", &expected.text, &actual.text},
                            std::tuple{"sql", &expected.sql, &actual.sql},
                            std::tuple{"rollback sql", &expected.rollback, &actual.rollback},
                            std::tuple{"json", &expected.json, &actual.json}}) {
    if (*e != *a) {
      RC_FAIL(what + ": " + name + " output differs\n---- first ----\n" + *e +
              "\n---- second ----\n" + *a);
    }
  }
}

TEST(PropDeterminism, SameInputsGiveIdenticalOutput) {
  CheckProperty(
      [] {
        const CatalogPair pair = *GenCatalogPair();
        const Rendered first = Render(pair.a, pair.b);
        RC_CLASSIFY(first.sql.find("-- no changes") != std::string::npos, "empty plan");
        ExpectSame(first, Render(pair.a, pair.b), "planned twice");
        ExpectSame(first, Render(Reordered(pair.a), Reordered(pair.b)),
                   "planned from reordered catalogs");
        ExpectSame(first, Render(Reshuffled(pair.a_sql), Reshuffled(pair.b_sql)),
                   "planned from the DDL shuffled and split into files");
      },
      kDeterminismCases);
}

}  // namespace
}  // namespace keel::proptest
