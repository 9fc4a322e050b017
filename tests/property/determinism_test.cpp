// Invariant 3, offline: the same (A, B) gives byte-identical text, SQL and JSON, whether planned
// twice or from catalogs whose objects were inserted in another order.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <string>

#include "emit/emit.h"
#include "tests/property/catalog_gen.h"
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
  RC_ASSERT(outcome.error.empty());
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

// The same catalog built in another order: tables, indexes and sequences inserted last to
// first, each table's constraints reversed (columns keep their order: it is part of the schema).
model::Catalog Reordered(const model::Catalog& c) {
  model::Catalog out;
  for (auto it = c.schemas.rbegin(); it != c.schemas.rend(); ++it) out.schemas.insert(*it);
  for (auto it = c.tables.rbegin(); it != c.tables.rend(); ++it) {
    model::Table t = it->second;
    std::reverse(t.constraints.begin(), t.constraints.end());
    out.tables.emplace(it->first, std::move(t));
  }
  for (auto it = c.indexes.rbegin(); it != c.indexes.rend(); ++it) out.indexes.insert(*it);
  for (auto it = c.sequences.rbegin(); it != c.sequences.rend(); ++it) out.sequences.insert(*it);
  return out;
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
      },
      kDeterminismCases);
}

}  // namespace
}  // namespace keel::proptest
