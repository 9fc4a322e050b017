// Invariants 1 and 2 against a real PostgreSQL 15: a plan computed from the live database to a
// random desired catalog applies cleanly and converges, and its rollback script restores the
// original catalog. Each case gets a fresh database.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <unistd.h>

#include <cstdlib>
#include <future>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "diff/differ.h"
#include "emit/emit.h"
#include "introspect/postgres/introspect.h"
#include "model/normalize.h"
#include "tests/property/catalog_gen.h"
#include "tests/property/prop_check.h"
#include "tests/support/live_db.h"

namespace keel::proptest {
namespace {

constexpr int kConvergenceCases = 200;
constexpr int kRollbackCases = 100;

model::Catalog LiveCatalog(const testing::ScratchDatabase& db) {
  auto conn = introspect::postgres::Connect(db.conninfo());
  model::Catalog catalog = introspect::postgres::Introspect(*conn);
  model::Normalize(catalog);
  return catalog;
}

// Applies a script with psql (ON_ERROR_STOP); fails the case with the script and psql's output.
void Apply(const testing::ScratchDatabase& db, const std::string& what, const std::string& script) {
  std::string output;
  const int status = db.RunSql(script, &output);
  if (status != 0) {
    RC_FAIL(what + " failed (psql exit " + std::to_string(status) + ")\n" + output +
            "\n---- script ----\n" + script);
  }
}

void RequireNoChanges(const model::Catalog& from, const model::Catalog& to, const std::string& what,
                      const std::string& context) {
  const PlanOutcome outcome = PlanBetween(from, to);
  if (!outcome.changes.empty() || !outcome.plan.empty()) {
    RC_FAIL(what + "; remaining changes:\n" + outcome.changes + "---- remaining plan ----\n" +
            emit::Sql(outcome.plan, {}) + context);
  }
}

// A fresh database per case, created one case ahead and dropped in the background: CREATE and
// DROP DATABASE are most of a case's wall time otherwise.
class Databases {
 public:
  explicit Databases(std::string prefix) : prefix_(std::move(prefix)) {}
  ~Databases() {
    if (dropping_.valid()) dropping_.wait();
  }

  std::unique_ptr<testing::ScratchDatabase> Next() {
    if (!next_.valid()) next_ = Create();
    auto db = next_.get();
    next_ = Create();
    return db;
  }

  void Release(std::unique_ptr<testing::ScratchDatabase> db) {
    if (dropping_.valid()) dropping_.wait();
    dropping_ = std::async(std::launch::async, [d = std::move(db)]() mutable { d.reset(); });
  }

 private:
  std::future<std::unique_ptr<testing::ScratchDatabase>> Create() {
    return std::async(std::launch::async, [prefix = prefix_] {
      return std::make_unique<testing::ScratchDatabase>(prefix);
    });
  }

  std::string prefix_;
  std::future<std::unique_ptr<testing::ScratchDatabase>> next_;
  std::future<void> dropping_;
};

// The case's database, handed back to the pool however the case ends.
class CaseDatabase {
 public:
  explicit CaseDatabase(Databases& pool) : pool_(pool), db_(pool.Next()) {}
  ~CaseDatabase() { pool_.Release(std::move(db_)); }
  const testing::ScratchDatabase& operator*() const { return *db_; }

 private:
  Databases& pool_;
  std::unique_ptr<testing::ScratchDatabase> db_;
};

// Debian's /usr/bin/psql is a Perl wrapper that costs ~0.2 s per call; a case runs psql two or
// three times. Put the server's own bin directory (pg_tmp.sh's PGBIN) first on PATH.
void PreferServerPsql() {
  const char* bin = std::getenv("KEEL_PGBIN");
  const std::string dir = bin != nullptr ? bin : "/usr/lib/postgresql/15/bin";
  if (access((dir + "/psql").c_str(), X_OK) != 0) return;
  const char* path = std::getenv("PATH");
  const std::string current = path != nullptr ? path : "";
  if (current.starts_with(dir + ":")) return;
  setenv("PATH", (dir + ":" + current).c_str(), 1);
}

bool FullyReversible(const planner::Plan& plan) {
  for (const auto& step : plan.steps)
    if (step.reversibility != planner::Reversibility::kReversible) return false;
  return true;
}

struct Applied {
  model::Catalog live_a;
  planner::Plan plan;
  std::string script;
};

// Loads A into the database with keel's own creation plan, checks it reads back as A, then
// plans live(A) -> B, applies the plan and checks that the database now reads back as B.
Applied LoadAndConverge(const CatalogPair& pair, const testing::ScratchDatabase& db) {
  const model::Catalog a = Normalized(pair.a);
  const model::Catalog b = Normalized(pair.b);

  const PlanOutcome creation = PlanBetween(model::Catalog{}, a);
  if (!creation.error.empty()) RC_FAIL("planning the creation of A: " + creation.error);
  Apply(db, "creating A", emit::Sql(creation.plan, {}));
  Applied out;
  out.live_a = LiveCatalog(db);
  RequireNoChanges(out.live_a, a, "A does not read back as itself", "");

  PlanOutcome forward = PlanBetween(out.live_a, b);
  if (!forward.error.empty()) RC_FAIL("planning A -> B: " + forward.error);
  out.plan = forward.plan;
  out.script = emit::Sql(forward.plan, {});
  Apply(db, "applying the plan A -> B", out.script);

  const model::Catalog live_b = LiveCatalog(db);
  RequireNoChanges(live_b, b, "the database does not match B after the plan",
                   "---- applied plan ----\n" + out.script);
  // Planning again from the converged database gives nothing to do.
  const PlanOutcome again = PlanBetween(live_b, b);
  RC_ASSERT(again.plan.empty());
  return out;
}

TEST(PropConvergence, PlanAppliesAndConverges) {
  KEEL_REQUIRE_SERVER();
  PreferServerPsql();
  Databases pool("keel_prop");
  CheckProperty(
      [&pool] {
        const CatalogPair pair = *GenCatalogPair();
        RC_TAG(pair.additive_only ? "additive" : "destructive");
        const CaseDatabase db(pool);
        LoadAndConverge(pair, *db);
      },
      kConvergenceCases);
}

TEST(PropRollback, RollbackRestoresTheOriginal) {
  KEEL_REQUIRE_SERVER();
  PreferServerPsql();
  Databases pool("keel_prop_rb");
  CheckProperty(
      [&pool] {
        // Mostly reversible pairs, so that few cases are skipped.
        const CatalogPair pair = *GenCatalogPair(85);
        const CaseDatabase case_db(pool);
        const testing::ScratchDatabase& db = *case_db;
        const Applied applied = LoadAndConverge(pair, db);
        const bool reversible = FullyReversible(applied.plan);
        // Lossy or irreversible steps (drops, type changes) cannot promise the original back.
        RC_CLASSIFY(!reversible, "skipped: plan has a lossy or irreversible step");
        RC_CLASSIFY(reversible && applied.plan.empty(), "empty plan");
        if (!reversible) return;
        emit::EmitOptions options;
        options.rollback = true;
        const std::string rollback = emit::Sql(applied.plan, options);
        Apply(db, "applying the rollback script", rollback);
        RequireNoChanges(LiveCatalog(db), applied.live_a, "the rollback does not restore A",
                         "---- plan ----\n" + applied.script + "---- rollback ----\n" + rollback);
      },
      kRollbackCases);
}

}  // namespace
}  // namespace keel::proptest
