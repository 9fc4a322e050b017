#include "cli/verify.h"

#include "apply/executor.h"
#include "apply/shadow.h"
#include "cli/exit_codes.h"
#include "introspect/postgres/align.h"
#include "introspect/postgres/introspect.h"
#include "model/default_schema.h"
#include "model/normalize.h"
#include "planner/planner.h"

namespace keel::cli {
namespace {

// Runs `plan`; on a failure names the step and the server's message.
bool Run(pqxx::connection& conn, const planner::Plan& plan, const std::string& what,
         std::ostream& err) {
  auto outcomes = apply::RunPlan(conn, plan);
  if (outcomes.empty() || outcomes.back().ok) return true;
  const auto& failed = outcomes.back();
  for (const auto& s : plan.steps)
    if (s.id == failed.step)
      err << "keel: --verify: " << what << ": step " << s.id << " (" << s.description
          << ") failed: " << failed.error << "\n";
  return false;
}

}  // namespace

int VerifyPlan(const std::string& server, const model::Catalog& from, const model::Catalog& to,
               const planner::Plan& plan, const diff::DiffOptions& options, bool quiet,
               std::ostream& err) {
  std::unique_ptr<apply::ScratchDatabase> shadow;
  try {
    shadow = std::make_unique<apply::ScratchDatabase>(server);
  } catch (const std::exception& e) {
    err << "keel: --verify: cannot create a shadow database: " << e.what() << "\n";
    return kExitConnect;
  }
  try {
    pqxx::connection conn(shadow->conninfo());
    // A tenant's schema is never in its catalog: the shadow needs it made, as apply does.
    if (const std::string& tenant = model::InSchema(); !tenant.empty()) {
      {
        pqxx::nontransaction tx(conn);
        tx.exec("CREATE SCHEMA " + tx.quote_name(tenant));
      }
      apply::UsePlanSchema(conn, tenant);
    }
    model::Catalog empty;
    auto load = planner::BuildPlan(diff::Diff(empty, from, options), empty, from);
    if (!Run(conn, load.plan, "loading the current schema into the shadow database", err))
      return kExitStepFailed;
    if (!Run(conn, plan, "the plan on the shadow database", err)) return kExitStepFailed;
    model::Catalog reached = introspect::postgres::Introspect(conn);
    model::Normalize(reached);
    model::Catalog desired = to;
    introspect::postgres::AlignWithServer(conn, desired, reached);
    auto left = diff::Diff(reached, desired, options);
    if (!left.empty()) {
      err << "keel: --verify: after the plan, the shadow database still differs from the desired "
             "schema:\n";
      for (const auto& c : left) err << "  " << diff::Describe(c) << "\n";
      return kExitPostflight;
    }
  } catch (const std::exception& e) {
    err << "keel: --verify: " << e.what() << "\n";
    return kExitStepFailed;
  }
  if (!quiet)
    err << "keel: verified: the plan applies to a shadow copy of the current schema and leaves "
           "nothing to plan\n";
  return kExitOk;
}

}  // namespace keel::cli
