#include "cli/options.h"

#include <algorithm>

namespace keel::cli {
namespace {

const OptionSpec kFormat{"format", true, false,
                         "output format: text, sql, json, markdown or dot (default text)"};
const OptionSpec kOut{"out", true, false, "write the output to FILE instead of stdout"};
const OptionSpec kExitCodeOpt{"exit-code", false, false,
                              "exit 10 when there are changes, 0 when none"};
const OptionSpec kExplain{"explain", false, false, "show why each step sits where it does"};
const OptionSpec kRollback{"rollback", false, false,
                           "with --format sql: print the rollback script"};
const OptionSpec kStrict{"strict", false, false, "data statements in schema files are errors"};
const OptionSpec kNoColor{"no-color", false, false, "no ANSI colours (also NO_COLOR)"};
const OptionSpec kQuiet{"quiet", false, false, "print nothing but errors and the output"};
const OptionSpec kVerbose{"verbose", false, false, "print what keel reads and how long it takes"};
const OptionSpec kLockTimeout{"lock-timeout", true, false,
                              "lock_timeout of each step (default 2s)"};
const OptionSpec kPrivileges{"privileges", false, false,
                             "also plan GRANT/REVOKE: the files' privileges are the desired ones"};
const OptionSpec kStatementTimeout{"statement-timeout", true, false,
                                   "statement_timeout of each transactional step (default 60s)"};

const OptionSpec kPhase{"phase", true, false,
                        "only the steps of phase N (1 expand, 2 backfill, 3 contract)"};
const OptionSpec kBatchSize{"batch-size", true, false, "rows per backfill batch (default 1000)"};
const OptionSpec kBatchPause{"batch-pause", true, false,
                             "pause between backfill batches (default 100ms)"};

const OptionSpec kDialect{"dialect", true, false,
                          "SQL of the schema files: postgres or mysql (default: the live "
                          "database's kind, else postgres)"};

const OptionSpec kDb{"db", true, false,
                     "the live database (default $DATABASE_URL, then the PG* environment)"};

const OptionSpec kInSchema{
    "in-schema", true, false,
    "schema-per-tenant target: unqualified names in the files mean schema NAME, and only NAME is "
    "read, planned and applied (search_path = NAME)"};

const OptionSpec kTarget{"target", true, false,
                         "a target of keel.toml: its URL (from its url_env) and its policy"};
const OptionSpec kConfig{"config", true, false,
                         "the config file (default: keel.toml here or in a parent directory)"};
const OptionSpec kReportDir{
    "report-dir", true, false,
    "write this run's JSON report into DIR (default ./keel-reports/; '' for none)"};
const OptionSpec kLongTransaction{
    "long-transaction", true, false,
    "preflight: transactions open longer than this fail it (default 5min)"};

const OptionSpec kTargets{"targets", true, false,
                          "the fleet: a TOML file of [[target]] tables (docs/fleets.md)"};
const OptionSpec kTargetsQuery{
    "targets-from-query", true, false,
    "read the fleet from this query on the control database (columns name, url or url_env, "
    "in_schema, canary)"};
const OptionSpec kControlDb{"control-db", true, false,
                            "the control database of --targets-from-query (default "
                            "$DATABASE_URL); also the database of targets it lists without url"};
const OptionSpec kParallel{"parallel", true, false, "targets handled at once (default 4)"};
const OptionSpec kFleetFormat{"format", true, false, "output format: text or json (default text)"};

const OptionSpec kYes{"yes", false, false,
                      "apply without asking (needed when stdin is not a terminal)"};
const OptionSpec kAllowHazards{"allow-hazards", true, false,
                               "apply despite these high-severity hazards: CODE,... or all"};
const OptionSpec kForce{"force", false, false, "go on when preflight checks fail"};
const OptionSpec kSkipBackup{"skip-backup", false, false,
                             "no pg_dump before the first destructive step"};
const OptionSpec kBackup{"backup", true, false,
                         "what to back up: tables (those destructive steps touch) or full"};
const OptionSpec kLockWait{"lock-wait", true, false,
                           "how long to wait for another apply to finish (default 5s)"};
const OptionSpec kRetries{"retries", true, false,
                          "retries of a step that timed out on a lock (default 5)"};

const OptionSpec kVerify{
    "verify", false, false,
    "apply the plan to a shadow database first; it must leave nothing to plan"};
const OptionSpec kShadow{"shadow", true, false,
                         "server for --verify's scratch database (default: the live side's)"};

// Optimal string alignment distance: a swap of two neighbours ("form" for "from") counts once.
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

namespace {

// The number `text` starts with, and where it ends.
std::optional<long> LeadingNumber(const std::string& text, size_t* end) {
  try {
    return std::stol(text, end);
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

// Parses "2s", "500ms", "1min", or a plain number of milliseconds.
std::optional<int> ParseDuration(const std::string& text) {
  size_t pos = 0;
  auto number = LeadingNumber(text, &pos);
  if (!number) return std::nullopt;
  long value = *number;
  std::string unit = text.substr(pos);
  if (value < 0) return std::nullopt;
  if (unit.empty() || unit == "ms") return static_cast<int>(value);
  if (unit == "s") return static_cast<int>(value * 1000);
  if (unit == "min") return static_cast<int>(value * 60000);
  return std::nullopt;
}

int DurationArg(const ParsedArgs& args, const std::string& name, int* ms, std::ostream& err) {
  if (!args.Has(name)) return 0;
  auto value = ParseDuration(args.Get(name));
  if (!value) {
    err << "keel " << args.command << ": --" << name << ": '" << args.Get(name)
        << "' is not a duration (e.g. 2s, 500ms, 1min)\n";
    return 5;
  }
  *ms = *value;
  return 0;
}

// A whole number from 1 up.
std::optional<int> ParseCount(const std::string& text) {
  size_t pos = 0;
  auto value = LeadingNumber(text, &pos);
  if (!value || pos != text.size() || *value < 1 || *value > 100000000) return std::nullopt;
  return static_cast<int>(*value);
}

// The options plan and diff share, after their own source options.
std::vector<OptionSpec> WithPlanning(std::vector<OptionSpec> sources) {
  for (const auto& o : {kInSchema, kFormat, kOut, kExitCodeOpt, kExplain, kRollback, kStrict,
                        kPrivileges, kNoColor, kQuiet, kVerbose, kLockTimeout, kStatementTimeout,
                        kPhase, kBatchSize, kBatchPause, kVerify, kShadow, kDialect})
    sources.push_back(o);
  return sources;
}

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = {
      {"plan", "keel plan --schema SRC... [--db URL]",
       "plan the changes that bring a live database to the desired schema files",
       WithPlanning(
           {{"schema", true, true, "desired schema: file, directory or git:REV:path (repeatable)"},
            kDb,
            kTarget,
            kConfig})},
      {"diff", "keel diff --from SRC --to SRC",
       "the changes between any two sources (files, git:REV:path, live database)",
       WithPlanning({{"from", true, false, "the current schema"},
                     {"to", true, false, "the desired schema"}})},
      {"dump",
       "keel dump [--db URL] [--split DIR [--force]]",
       "print the live schema as desired-state SQL (one script, or one file per object)",
       {kDb,
        kTarget,
        kConfig,
        kInSchema,
        {"split", true, false, "write DIR/<schema>/<kind>/<name>.sql, one file per object"},
        {"force", false, false, "with --split: write into a non-empty DIR, removing stale *.sql"},
        kOut,
        kQuiet}},
      {"apply",
       "keel apply PLAN.json [--db URL] | keel apply --schema SRC... [--db URL] [--yes]",
       "apply a saved plan (refused if the database drifted), or plan and apply in one go",
       {{"schema", true, true, "plan from these desired files and apply at once (repeatable)"},
        kDb,
        kTarget,
        kConfig,
        kInSchema,
        kYes,
        {"confirm-target", true, false,
         "with --yes, the --target name a confirming policy asks to type"},
        {"dry-run", false, false,
         "run each transactional step in a transaction that is rolled back; change nothing"},
        kAllowHazards,
        kForce,
        kSkipBackup,
        kBackup,
        {"backup-dir", true, false, "where backups go (default ./backups/)"},
        {"log", true, false, "append an audit log to FILE (JSON lines)"},
        kLockWait,
        kRetries,
        kLongTransaction,
        kReportDir,
        kLockTimeout,
        kStatementTimeout,
        kBatchSize,
        kBatchPause,
        kPrivileges,
        kStrict,
        kNoColor,
        kQuiet},
       true},
      {"rollback",
       "keel rollback [--db URL] [--steps N]",
       "undo the last applied plan (or the last N) with its recorded rollback steps",
       {kDb,
        kTarget,
        kConfig,
        kInSchema,
        {"steps", true, false, "how many applied plans to undo, newest first (default 1)"},
        {"force", false, false, "undo what can be undone even when a step is irreversible"},
        {"log", true, false, "append an audit log to FILE (JSON lines)"},
        kLockWait,
        kRetries,
        kNoColor,
        kQuiet}},
      {"status",
       "keel status [--db URL]",
       "history of applied plans, steps in progress and dirty state",
       {kDb,
        kTarget,
        kConfig,
        kInSchema,
        {"limit", true, false, "how many plans to list (default 20)"}}},
      {"preflight",
       "keel preflight (PLAN.json | --schema SRC...) [--db URL]",
       "the read-only checks apply runs before it starts, on their own",
       {{"schema", true, true, "plan from these desired files and check that plan (repeatable)"},
        kDb,
        kTarget,
        kConfig,
        kInSchema,
        kLongTransaction,
        {"replication-lag", true, false, "standbys further behind than this fail it (default 60s)"},
        kReportDir,
        kStrict,
        kQuiet},
       true},
      {"postflight",
       "keel postflight [--db URL] [--schema SRC...]",
       "the read-only checks after an apply: no drift from the desired files (or the last plan's "
       "target), no INVALID index, no orphans",
       {kDb,
        kTarget,
        kConfig,
        kInSchema,
        {"schema", true, true, "the desired files (default: the last applied plan's target)"},
        kReportDir,
        kStrict,
        kQuiet}},
      {"restore",
       "keel restore BACKUP [--db URL] [--confirm-target NAME]",
       "restore a backup written by apply (typed confirmation of the database name)",
       {kDb,
        kTarget,
        kConfig,
        {"confirm-target", true, false, "the target database's name, instead of typing it"},
        {"lock-wait", true, false, "how long to wait for an apply to finish (default 5s)"},
        kReportDir,
        kQuiet},
       true},
      {"lint",
       "keel lint FILE.sql... [--db URL | --schema SRC...] [--format text|json|sarif]",
       "check hand-written migration files against the lint rules (docs/lint.md); exit 0 when "
       "the worst finding is info, 10 low or medium, 11 high or critical",
       {{"schema", true, true,
         "the schema the migrations run against: file, directory or git:REV:path (repeatable)"},
        {"db", true, false,
         "the live database the migrations run against (its schema and table sizes)"},
        kTarget,
        kConfig,
        {"format", true, false, "output format: text, json or sarif (default text)"},
        {"fail-on", true, false,
         "lowest severity that fails: info, low, medium, high or critical (default low)"},
        {"in-transaction", false, false,
         "each file runs inside one transaction, as most migration tools run them"},
        kOut,
        kNoColor,
        kQuiet},
       true},
      {"fleet plan",
       "keel fleet plan --schema SRC... (--targets FILE | --targets-from-query SQL) [--out FILE]",
       "plan the desired files for every target of a fleet; targets with the same plan are "
       "grouped, and each other plan is shown with how it differs",
       {{"schema", true, true, "desired schema: file, directory or git:REV:path (repeatable)"},
        kTargets,
        kTargetsQuery,
        kControlDb,
        {"out", true, false, "write the fleet plan (JSON, for keel fleet apply) to FILE"},
        kFleetFormat,
        kExitCodeOpt,
        kParallel,
        kLockTimeout,
        kStatementTimeout,
        kBatchSize,
        kBatchPause,
        kPrivileges,
        kStrict,
        kNoColor,
        kQuiet}},
      {"fleet apply",
       "keel fleet apply FLEET.json [--yes] | keel fleet apply --schema SRC... --targets FILE",
       "apply a fleet plan: canaries first, one at a time, then the other targets --parallel N "
       "at a time, each with keel apply's journal, lock, drift check and resume",
       {{"schema", true, true, "plan from these desired files, save the fleet plan, and apply it"},
        kTargets,
        kTargetsQuery,
        kControlDb,
        {"out", true, false,
         "with --schema: where the fleet plan is saved (default "
         "./keel-fleet-plan.json)"},
        kYes,
        {"dry-run", false, false, "dry-run every target (each step rolled back); change nothing"},
        {"canaries", true, false,
         "targets applied first, one at a time: a count, NAME,... or 0 (default: those marked "
         "canary, else the first)"},
        kParallel,
        {"failure-budget", true, false,
         "failures tolerated after the canaries before no new target starts (default 0)"},
        kAllowHazards,
        kForce,
        kSkipBackup,
        kBackup,
        {"backup-dir", true, false, "backups go to DIR/<target>/ (default ./backups/)"},
        {"log-dir", true, false, "append each target's audit log to DIR/<target>.jsonl"},
        kLockWait,
        kRetries,
        kLongTransaction,
        {"report-dir", true, false,
         "the fleet's JSON report into DIR, each target's into DIR/<target>/ (default "
         "./keel-reports/)"},
        kFleetFormat,
        kLockTimeout,
        kStatementTimeout,
        kBatchSize,
        kBatchPause,
        kPrivileges,
        kStrict,
        kNoColor,
        kQuiet},
       true},
      {"fleet status",
       "keel fleet status (FLEET.json | --targets FILE | --targets-from-query SQL)",
       "each target's journal: its last plan and how far it got, an apply running now, and "
       "whether a fleet plan's plan is applied there",
       {kTargets, kTargetsQuery, kControlDb, kFleetFormat, kParallel},
       true},
      {"help",
       "keel help [COMMAND] | keel help --man",
       "show help for keel or one command",
       {{"man", false, false, "the whole manual as a man page (roff)"}},
       true},
      {"completion", "keel completion bash", "print a bash completion script", {}, true},
      {"version", "keel version", "print keel's version (also --version)", {}},
  };
  return commands;
}

const CommandSpec* FindCommand(const std::string& name) {
  for (const auto& c : Commands())
    if (c.name == name) return &c;
  return nullptr;
}

std::string ParsedArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  if (it == options.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(const std::string& name) const {
  auto it = options.find(name);
  return it == options.end() ? std::vector<std::string>{} : it->second;
}

std::string Suggest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance || (d == best_distance && !best.empty() && c < best)) {
      if (d < best_distance) best_distance = d;
      best = c;
    }
  }
  if (!best.empty() && best_distance <= 2) return best;
  // Nothing a typo away: an abbreviation of exactly one candidate ("prod" for "production").
  std::string prefixed;
  int prefixes = 0;
  for (const auto& c : candidates)
    if (word.size() >= 2 && c.size() > word.size() && c.rfind(word, 0) == 0) {
      prefixed = c;
      prefixes++;
    }
  return prefixes == 1 ? prefixed : best;
}

std::string UnknownChoice(const std::string& what, const std::string& value,
                          const std::vector<std::string>& choices) {
  std::string out = "unknown " + what + " '" + value + "'";
  if (auto s = Suggest(value, choices); !s.empty()) out += "; did you mean '" + s + "'?";
  out += " (one of: ";
  for (size_t i = 0; i < choices.size(); ++i) out += (i ? ", " : "") + choices[i];
  return out + ")";
}

std::optional<ParsedArgs> ParseArgs(const CommandSpec& command,
                                    const std::vector<std::string>& args, std::string* error) {
  ParsedArgs parsed;
  parsed.command = command.name;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      if (!command.takes_positional) {
        *error = "unexpected argument '" + arg + "' for 'keel " + command.name + "'";
        return std::nullopt;
      }
      parsed.positional.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& o : command.options)
      if (o.name == name) spec = &o;
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& o : command.options) names.push_back(o.name);
      *error = "unknown option '--" + name + "' for 'keel " + command.name + "'";
      if (auto s = Suggest(name, names); !s.empty()) *error += "; did you mean '--" + s + "'?";
      return std::nullopt;
    }
    if (spec->takes_value && !value) {
      if (i + 1 >= args.size()) {
        *error = "option '--" + name + "' needs a value";
        return std::nullopt;
      }
      value = args[++i];
    }
    if (!spec->takes_value && value) {
      *error = "option '--" + name + "' takes no value";
      return std::nullopt;
    }
    auto& slot = parsed.options[name];
    if (!slot.empty() && !spec->repeatable) {
      *error = "option '--" + name + "' given more than once";
      return std::nullopt;
    }
    slot.push_back(value.value_or(""));
  }
  return parsed;
}

}  // namespace keel::cli
