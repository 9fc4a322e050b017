// keel.toml: named targets (their URL from an environment variable, never a password in the
// file), per-target policy, and defaults for any flag. Found from the current directory upward,
// or given with --config FILE.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace keel::cli {

struct ParsedArgs;
struct CommandSpec;

/// What a target demands of apply (and restore).
struct Policy {
  bool require_saved_plan = false;  // apply PLAN.json only, never --schema
  int dry_run_within_ms = 0;        // a successful --dry-run of the same plan this recently
  bool confirm = false;             // type the target's name (or --yes --confirm-target NAME)
  bool require_backup = false;      // --skip-backup refused
  bool allow_force = true;          // false: --force refused
};

struct Target {
  std::string name;
  std::string url_env;  // the environment variable holding its URL
  Policy policy;
  std::map<std::string, std::string> flags;  // flag defaults for this target
};

struct Config {
  std::string path;                          // empty when there is no config file
  std::map<std::string, std::string> flags;  // [defaults]
  std::map<std::string, Target> targets;
};

/// Reads `path`, or keel.toml found from the current directory upward when `path` is empty
/// (no file is not an error). Returns an error message naming file:line:col, or empty.
std::string LoadConfig(const std::string& path, Config* config);

/// Applies the config to parsed args: --target NAME sets --db from its environment variable,
/// and config flags fill options the command has but the user did not give. Returns an error
/// message (a usage error), or empty.
std::string ApplyConfig(const Config& config, const CommandSpec& command, ParsedArgs& args);

}  // namespace keel::cli
