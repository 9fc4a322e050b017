// The planning half of plan, diff and apply: load both sides, align, diff, order.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/sources.h"
#include "cli/timings.h"
#include "diff/differ.h"
#include "planner/planner.h"

namespace keel::cli {

struct Prepared {
  /// The tenant schema of a --in-schema target (empty: the whole database); also the plan's.
  std::string in_schema;
  planner::PlanSettings settings;
  LoadedCatalog from, to;
  diff::DiffOptions diff_options;
  planner::PlanResult result;
  Timings timings;  // printed by --verbose
};

/// Loads `from_specs` and `to_specs` and plans between them with the settings in `args`, for
/// the tenant of --in-schema, else for the calling thread's model::InSchema(). Returns an exit
/// code after printing diagnostics.
int Prepare(const ParsedArgs& args, const std::vector<std::string>& from_specs,
            const std::vector<std::string>& to_specs, Prepared* prepared, std::ostream& err);

/// Reads --in-schema into `schema` (empty without it); a usage error for a name that cannot be a
/// tenant's schema (empty, keel's own, a system schema). Returns an exit code.
int InSchemaArg(const ParsedArgs& args, std::string* schema, std::ostream& err);

/// Fills in what a saved plan carries: the tenant schema, the source fingerprint and the
/// desired SQL.
void MakeSaveable(Prepared& prepared);

/// The live database a command targets: --db, then $DATABASE_URL, then the libpq environment.
std::string TargetDatabase(const ParsedArgs& args);

/// Colours on stdout: a terminal, no --no-color, no NO_COLOR, no --out.
bool UseColor(const ParsedArgs& args);

class Reporter;
/// keel apply on the target of `args`; `plan_text`, when not empty, is the saved plan to apply
/// (as if read from PLAN.json).
int ApplySaved(const ParsedArgs& args, const std::string& plan_text, Reporter& report,
               std::ostream& err);

int RunApply(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int RunRollback(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int RunStatus(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int RunPreflight(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int RunPostflight(const ParsedArgs& args, std::ostream& out, std::ostream& err);
int RunRestore(const ParsedArgs& args, std::ostream& out, std::ostream& err);
/// keel fleet plan, apply and status (args.command is "fleet plan", …).
int RunFleet(const ParsedArgs& args, std::ostream& out, std::ostream& err);

}  // namespace keel::cli
