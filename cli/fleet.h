// keel fleet: one set of desired files applied to many targets (a database per shard, region or
// customer, or a schema per tenant). The parts without I/O live here: the target list, plan
// groups, canary selection and the fleet's exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "planner/plan.h"

namespace keel::cli {

struct FleetTarget {
  std::string name;       // unique; used in report and backup paths
  std::string url;        // conninfo or URL; empty with url_env
  std::string url_env;    // environment variable holding the URL
  std::string in_schema;  // schema per tenant: this schema of that database
  bool canary = false;
  /// Listed by --targets-from-query without a URL: the control database itself (tenants).
  bool control = false;
  std::string where;  // file:line, or the query's row, for messages
};

/// Reads a targets file (TOML: [[target]] tables with name, url or url_env, in_schema,
/// canary). Returns an error message naming file:line:col, or empty.
std::string LoadTargetsFile(const std::string& path, std::vector<FleetTarget>* targets);

/// Checks names (unique, [A-Za-z0-9_.-]), that each target has exactly one of url/url_env and
/// that a url holds no password. Returns an error message, or empty.
std::string CheckTargets(const std::vector<FleetTarget>& targets);

/// The target's URL: `url`, or the value of `url_env` (nullopt when that variable is unset).
std::optional<std::string> TargetUrl(const FleetTarget& target);

/// Picks the canaries. `spec` is empty (targets marked canary, else the first target when
/// there are several), a count ("2": the first two), "0" (none) or names ("eu-1,us-1").
/// Returns indexes into `targets` in list order, or an error message in `error`.
std::vector<size_t> PickCanaries(const std::vector<FleetTarget>& targets, const std::string& spec,
                                 std::string* error);

/// Targets whose plans run the same SQL share a group; the group key is a hash of it.
std::string PlanGroupKey(const planner::Plan& plan);

/// How the plan of `other` differs from `base`, by step: "+ description" for a step only in
/// `other`, "- description" for one only in `base`, in step order.
std::vector<std::string> PlanDifference(const planner::Plan& base, const planner::Plan& other);

/// The fleet's exit code from the targets' codes: the worst outcome wins (a failed step, then
/// a failed postflight, bad input, preflight, connection, refusal); 0 when all are 0.
int WorstExitCode(const std::vector<int>& codes);

}  // namespace keel::cli
