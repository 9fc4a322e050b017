#include "cli/cli.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <thread>

#include "apply/throwaway.h"
#include "cli/dump_split.h"
#include "cli/exit_codes.h"
#include "cli/lint_cmd.h"
#include "cli/manual.h"
#include "cli/options.h"
#include "cli/planning.h"
#include "cli/profile.h"
#include "cli/sources.h"
#include "cli/verify.h"
#include "diff/differ.h"
#include "emit/emit.h"
#include "introspect/postgres/align.h"
#include "model/default_schema.h"
#include "planner/dump.h"
#include "planner/planner.h"

#ifndef KEEL_VERSION
#define KEEL_VERSION "0.0.0"
#endif

namespace keel::cli {
namespace {

namespace fs = std::filesystem;

int WriteOutput(const ParsedArgs& args, const std::string& text, std::ostream& out,
                std::ostream& err) {
  if (!args.Has("out")) {
    out << text;
    return kExitOk;
  }
  std::ofstream file(args.Get("out"), std::ios::binary);
  file << text;
  if (!file) {
    err << "keel: cannot write " << args.Get("out") << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int ParseSettings(const ParsedArgs& args, planner::PlanSettings* settings, std::ostream& err) {
  for (auto [name, slot] : {std::pair{"lock-timeout", &settings->lock_timeout_ms},
                            std::pair{"statement-timeout", &settings->statement_timeout_ms},
                            std::pair{"batch-pause", &settings->batch_pause_ms}})
    if (int rc = DurationArg(args, name, slot, err)) return rc;
  if (args.Has("batch-size")) {
    auto n = ParseCount(args.Get("batch-size"));
    if (!n) {
      err << "keel: --batch-size: '" << args.Get("batch-size") << "' is not a positive number\n";
      return kExitUsage;
    }
    settings->batch_size = *n;
  }
  return kExitOk;
}

}  // namespace

bool UseColor(const ParsedArgs& args) {
  if (args.Has("no-color") || std::getenv("NO_COLOR")) return false;
  if (args.Has("out")) return false;
  return isatty(STDOUT_FILENO);
}

int Prepare(const ParsedArgs& args, const std::vector<std::string>& from_specs,
            const std::vector<std::string>& to_specs, Prepared* p, std::ostream& err) {
  if (int rc = ParseSettings(args, &p->settings, err)) return rc;
  if (int rc = InSchemaArg(args, &p->in_schema, err)) return rc;
  if (!args.Has("in-schema")) p->in_schema = model::InSchema();
  model::ScopedDefaultSchema tenant(p->in_schema);
  // The two sides are independent (libpg_query keeps its state per thread; each side has its
  // own connection): read them at once. Messages come out in from, to order all the same.
  // The default schema is per thread: the worker reads its side for the same tenant.
  Timings to_timings;
  LoadOptions from_load{args.Has("strict"), args.Has("quiet"), &p->timings, "from"};
  LoadOptions to_load{args.Has("strict"), args.Has("quiet"), &to_timings, "to"};
  std::vector<std::string> all_specs = from_specs;
  all_specs.insert(all_specs.end(), to_specs.begin(), to_specs.end());
  if (int rc = ResolveDialect(args.Get("dialect"), all_specs, &from_load.dialect, err)) return rc;
  to_load.dialect = from_load.dialect;
  if (from_load.dialect == model::Dialect::kMySql) {
    UseLiveMySqlDefaults(from_specs, &to_load.mysql);
    UseLiveMySqlDefaults(to_specs, &from_load.mysql);
  }
  std::ostringstream to_err;
  int to_rc = kExitOk;
  std::exception_ptr to_error;
  std::thread to_thread([&] {
    model::ScopedDefaultSchema worker_tenant(p->in_schema);
    try {
      to_rc = LoadCatalog(to_specs, to_load, &p->to, to_err);
    } catch (...) {
      to_error = std::current_exception();
    }
  });
  int from_rc;
  try {
    from_rc = LoadCatalog(from_specs, from_load, &p->from, err);
  } catch (...) {
    to_thread.join();
    throw;
  }
  to_thread.join();
  if (to_error) std::rethrow_exception(to_error);
  err << to_err.str();
  p->timings.Merge(to_timings);
  if (from_rc) return from_rc;
  if (to_rc) return to_rc;
  if (p->from.db_spec.empty() != p->to.db_spec.empty() &&
      from_load.dialect == model::Dialect::kPostgres) {
    LoadedCatalog& files = p->from.db_spec.empty() ? p->from : p->to;
    const LoadedCatalog& live = p->from.db_spec.empty() ? p->to : p->from;
    try {
      auto conn = introspect::postgres::Connect(live.db_spec);
      introspect::postgres::AlignWithServer(*conn, files.catalog, live.catalog);
      introspect::postgres::DropOwnerGrants(*conn, files.catalog);
    } catch (...) {
      // Alignment only spares spurious changes; the plan stands without it.
    }
    p->timings.Stage("align");
  }
  p->diff_options.privileges = args.Has("privileges");
  auto changes = diff::Diff(p->from.catalog, p->to.catalog, p->diff_options);
  auto diffed = p->timings.Stage("diff", fmt::format("{} changes", changes.size()));
  planner::PlanTimings plan_timings;
  p->result =
      planner::BuildPlan(changes, p->from.catalog, p->to.catalog, p->settings, &plan_timings);
  p->result.plan.in_schema = p->in_schema;
  p->timings.Stage(
      "lower+order", diffed,
      fmt::format("{} steps (lower {:.1f} ms, order {:.1f} ms)", p->result.plan.steps.size(),
                  plan_timings.lower_ms, plan_timings.order_ms));
  if (!p->result.error.empty()) {
    err << "keel: " << p->result.error << "\n";
    return kExitInput;
  }
  return kExitOk;
}

std::string TargetDatabase(const ParsedArgs& args) {
  if (args.Has("db")) return args.Get("db");
  if (const char* url = std::getenv("DATABASE_URL")) return url;
  return "postgresql://";  // the libpq environment
}

int InSchemaArg(const ParsedArgs& args, std::string* schema, std::ostream& err) {
  *schema = args.Get("in-schema");
  if (!args.Has("in-schema")) return kExitOk;
  std::string why;
  if (schema->empty())
    why = "needs a schema name";
  else if (*schema == "keel")
    why = "schema keel holds keel's journal, not a tenant";
  else if (*schema == "pg_catalog" || *schema == "information_schema" ||
           schema->starts_with("pg_toast") || schema->starts_with("pg_temp"))
    why = "'" + *schema + "' is a system schema, not a tenant";
  else if (schema->size() > 63)
    why = "'" + *schema + "' is longer than PostgreSQL's 63-byte names";
  if (why.empty()) return kExitOk;
  err << "keel " << args.command << ": --in-schema: " << why << "\n";
  return kExitUsage;
}

void MakeSaveable(Prepared& p) {
  model::ScopedDefaultSchema tenant(p.in_schema);
  p.result.plan.fingerprint = planner::Fingerprint(p.from.catalog);
  p.result.plan.desired_sql = planner::StatementsSql(planner::CreationPlan(p.to.catalog).plan);
}

namespace {

// plan and diff: load both sides, diff, order, emit.
int PlanBetween(const ParsedArgs& args, const std::vector<std::string>& from_specs,
                const std::vector<std::string>& to_specs, std::ostream& out, std::ostream& err) {
  emit::Format format = emit::Format::kText;
  if (args.Has("format")) {
    auto f = emit::ParseFormat(args.Get("format"));
    if (!f) {
      err << "keel: unknown format '" << args.Get("format") << "'";
      if (auto s = Suggest(args.Get("format"), emit::FormatNames()); !s.empty())
        err << "; did you mean '" << s << "'?";
      err << " (one of: " << fmt::format("{}", fmt::join(emit::FormatNames(), ", ")) << ")\n";
      return kExitUsage;
    }
    format = *f;
  }
  int phase = 0;
  if (args.Has("phase")) {
    auto n = ParseCount(args.Get("phase"));
    if (!n || *n > 3) {
      err << "keel: --phase: '" << args.Get("phase")
          << "' is not a phase (1 expand, 2 backfill, 3 contract)\n";
      return kExitUsage;
    }
    phase = *n;
  }
  if (args.Has("rollback") && format != emit::Format::kSql) {
    err << "keel: --rollback needs --format sql\n";
    return kExitUsage;
  }
  Prepared prepared;
  if (int rc = Prepare(args, from_specs, to_specs, &prepared, err)) return rc;
  model::ScopedDefaultSchema tenant(prepared.in_schema);  // --verify reads the tenant too
  auto& result = prepared.result;
  const auto& from = prepared.from;
  const auto& to = prepared.to;
  const auto& diff_options = prepared.diff_options;
  if (args.Has("verify") && to.catalog.dialect == model::Dialect::kMySql) {
    std::string server = args.Get("shadow");
    if (server.empty()) server = !from.db_spec.empty() ? from.db_spec : to.db_spec;
    if (server.empty()) {
      err << "keel: --verify: a MySQL plan is checked on a server: compare with a live database, "
             "or name one with --shadow mysql://…/DATABASE\n";
      return kExitUsage;
    }
    if (int rc = VerifyMySqlPlan(server, from.catalog, to.catalog, result.plan, diff_options,
                                 args.Has("quiet"), err))
      return rc;
  } else if (args.Has("verify")) {
    std::string server = args.Get("shadow");
    if (server.empty()) server = !from.db_spec.empty() ? from.db_spec : to.db_spec;
    // No server at hand: keel starts its own for the check.
    std::unique_ptr<apply::ThrowawayServer> throwaway;
    if (server.empty()) {
      try {
        if (!args.Has("quiet")) err << "keel: --verify: starting a throwaway PostgreSQL\n";
        throwaway = std::make_unique<apply::ThrowawayServer>();
      } catch (const std::exception& e) {
        err << "keel: --verify: no live side, no --shadow, and " << e.what() << "\n";
        return kExitConnect;
      }
      server = throwaway->conninfo();
    }
    if (int rc = VerifyPlan(server, from.catalog, to.catalog, result.plan, diff_options,
                            args.Has("quiet"), err))
      return rc;
  }
  // A phase keeps the full plan's step numbers, so its steps can be matched with the whole.
  if (phase) {
    std::set<int> kept;
    std::erase_if(result.plan.steps,
                  [&](const planner::Step& s) { return static_cast<int>(s.phase) != phase; });
    for (const auto& s : result.plan.steps) kept.insert(s.id);
    std::erase_if(result.plan.edges, [&](const planner::Edge& e) {
      return !kept.count(e.before) || !kept.count(e.after);
    });
  }
  if (format == emit::Format::kJson) {
    // A saved plan carries its target, so apply can check it got there without the files.
    if (args.Has("out"))
      MakeSaveable(prepared);
    else
      result.plan.fingerprint = planner::Fingerprint(from.catalog);
  }
  emit::EmitOptions options;
  options.rollback = args.Has("rollback");
  options.explain = args.Has("explain");
  options.color = UseColor(args);
  options.from_label = from.label;
  options.to_label = to.label;
  std::string rendered = emit::Render(format, result.plan, options);
  prepared.timings.Stage("emit", fmt::format("{} bytes", rendered.size()));
  if (int rc = WriteOutput(args, rendered, out, err)) return rc;
  if (args.Has("verbose")) prepared.timings.Print(err);
  if (args.Has("exit-code") && !result.plan.empty()) return kExitChanges;
  return kExitOk;
}

int RunPlan(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  auto schemas = args.GetAll("schema");
  if (schemas.empty()) {
    err << "keel plan: --schema is required (a file, directory or git:REV:path)\n";
    return kExitUsage;
  }
  return PlanBetween(args, {TargetDatabase(args)}, schemas, out, err);
}

int RunDiff(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.Has("from") || !args.Has("to")) {
    err << "keel diff: both --from and --to are required\n";
    return kExitUsage;
  }
  return PlanBetween(args, {args.Get("from")}, {args.Get("to")}, out, err);
}

// The live schema as plain DDL: the plan from an empty catalog, without transactions.
// Refuses a non-empty DIR before touching the database; see WriteSplit for --force.
int CheckSplitDir(const ParsedArgs& args, std::ostream& err) {
  if (args.Has("out")) {
    err << "keel dump: --split and --out cannot be used together\n";
    return kExitUsage;
  }
  fs::path dir = args.Get("split");
  std::error_code ec;
  if (dir.empty()) {
    err << "keel dump: --split needs a directory\n";
    return kExitUsage;
  }
  if (!fs::exists(dir, ec)) return kExitOk;
  if (!fs::is_directory(dir, ec)) {
    err << "keel dump: " << dir.string() << " exists and is not a directory\n";
    return kExitUsage;
  }
  if (!fs::is_empty(dir, ec) && !args.Has("force")) {
    err << "keel dump: " << dir.string()
        << " is not empty; dump into a new or empty directory, or pass --force to replace the "
           "*.sql files in it\n";
    return kExitUsage;
  }
  return kExitOk;
}

// Writes the tree. With --force, *.sql files below DIR that the new dump does not write are
// removed, so a directory of dropped objects does not come back on the next plan.
int WriteSplit(const ParsedArgs& args, const std::map<std::string, std::string>& files,
               std::ostream& err) {
  fs::path dir = args.Get("split");
  std::error_code ec;
  if (args.Has("force") && fs::is_directory(dir, ec)) {
    std::vector<fs::path> stale;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      if (e.is_regular_file() && e.path().extension() == ".sql" &&
          !files.count(fs::relative(e.path(), dir).generic_string()))
        stale.push_back(e.path());
    std::sort(stale.begin(), stale.end());
    for (const auto& p : stale) {
      if (!args.Has("quiet")) err << "keel dump: removing " << p.string() << "\n";
      fs::remove(p, ec);
    }
  }
  for (const auto& [rel, text] : files) {
    fs::path p = dir / rel;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream file(p, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) {
      err << "keel dump: cannot write " << p.string() << "\n";
      return kExitUsage;
    }
  }
  if (!args.Has("quiet"))
    err << "keel dump: wrote " << files.size() << " files below " << dir.string() << "\n";
  return kExitOk;
}

int RunDump(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (args.Has("split"))
    if (int rc = CheckSplitDir(args, err)) return rc;
  std::string in_schema;
  if (int rc = InSchemaArg(args, &in_schema, err)) return rc;
  model::ScopedDefaultSchema tenant(in_schema);
  LoadedCatalog live;
  if (int rc =
          LoadCatalog({TargetDatabase(args)}, {false, args.Has("quiet"), nullptr, ""}, &live, err))
    return rc;
  auto result = planner::CreationPlan(live.catalog);
  if (!result.error.empty()) {
    err << "keel: " << result.error << "\n";
    return kExitInput;
  }
  if (args.Has("split")) return WriteSplit(args, SplitDump(result.plan, live.catalog), err);
  return WriteOutput(
      args, "-- keel dump of " + live.label + "\n" + planner::StatementsSql(result.plan), out, err);
}

}  // namespace

int Main(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  if (argv.empty()) {
    err << Usage();
    return kExitUsage;
  }
  const std::string& name = argv[0];
  if (name == "--version" || name == "-V" || name == "version") {
    out << "keel " KEEL_VERSION "\n";
    return kExitOk;
  }
  if (name == "--help" || name == "-h") {
    out << Usage();
    return kExitOk;
  }
  const CommandSpec* command = FindCommand(name);
  size_t words = 1;
  // Commands of two words ("fleet plan"): the first word alone is not a command.
  if (!command) {
    std::vector<std::string> subs;
    for (const auto& c : Commands())
      if (c.name.rfind(name + " ", 0) == 0) subs.push_back(c.name.substr(name.size() + 1));
    if (!subs.empty()) {
      if (argv.size() < 2 || argv[1] == "--help" || argv[1] == "-h") {
        (argv.size() < 2 ? err : out) << Usage();
        return argv.size() < 2 ? kExitUsage : kExitOk;
      }
      command = FindCommand(name + " " + argv[1]);
      if (!command) {
        err << "keel " << name << ": " << UnknownChoice("command", argv[1], subs) << "\n";
        return kExitUsage;
      }
      words = 2;
    }
  }
  if (!command) {
    std::vector<std::string> names;
    for (const auto& c : Commands()) names.push_back(c.name);
    err << "keel: unknown command '" << name << "'";
    if (auto s = Suggest(name, names); !s.empty()) err << "; did you mean '" << s << "'?";
    err << "\nRun 'keel help' for the list of commands.\n";
    return kExitUsage;
  }
  std::vector<std::string> rest(argv.begin() + static_cast<long>(words), argv.end());
  for (const auto& a : rest) {
    if (a == "--help" || a == "-h") {
      out << CommandHelp(*command);
      return kExitOk;
    }
  }
  std::string error;
  auto args = ParseArgs(*command, rest, &error);
  if (!args) {
    err << "keel " << command->name << ": " << error << "\n";
    return kExitUsage;
  }
  bool configurable = false;
  for (const auto& o : command->options) configurable = configurable || o.name == "target";
  if (configurable) {
    Config config;
    error = LoadConfig(args->Get("config"), &config);
    if (error.empty()) error = ApplyConfig(config, *command, *args);
    if (!error.empty()) {
      err << "keel " << command->name << ": " << error << "\n";
      return kExitUsage;
    }
  }
  if (command->name == "help") {
    if (args->Has("man")) {
      out << ManPage();
      return kExitOk;
    }
    if (args->positional.empty()) {
      out << Usage();
      return kExitOk;
    }
    std::string asked;
    for (const auto& word : args->positional) asked += (asked.empty() ? "" : " ") + word;
    const CommandSpec* topic = FindCommand(asked);
    if (!topic) {
      std::vector<std::string> names;
      for (const auto& c : Commands()) names.push_back(c.name);
      // "keel help fleet": the commands it starts.
      std::string family;
      for (const auto& c : Commands())
        if (c.name.rfind(asked + " ", 0) == 0) family += CommandHelp(c) + "\n";
      if (!family.empty()) {
        out << family;
        return kExitOk;
      }
      err << "keel help: unknown command '" << asked << "'";
      if (auto s = Suggest(asked, names); !s.empty()) err << "; did you mean '" << s << "'?";
      err << "\n";
      return kExitUsage;
    }
    out << CommandHelp(*topic);
    return kExitOk;
  }
  if (command->name == "completion") {
    if (args->positional.size() != 1 || args->positional[0] != "bash") {
      err << "keel completion: the shell is 'bash' (keel completion bash)\n";
      return kExitUsage;
    }
    out << BashCompletion();
    return kExitOk;
  }
  if (command->name == "version") {
    out << "keel " KEEL_VERSION "\n";
    return kExitOk;
  }
  if (command->name == "plan") return RunPlan(*args, out, err);
  if (command->name == "diff") return RunDiff(*args, out, err);
  if (command->name == "dump") return RunDump(*args, out, err);
  if (command->name == "apply") return RunApply(*args, out, err);
  if (command->name == "rollback") return RunRollback(*args, out, err);
  if (command->name == "status") return RunStatus(*args, out, err);
  if (command->name == "preflight") return RunPreflight(*args, out, err);
  if (command->name == "postflight") return RunPostflight(*args, out, err);
  if (command->name == "restore") return RunRestore(*args, out, err);
  if (command->name == "lint") return RunLint(*args, out, err);
  if (command->name.rfind("fleet ", 0) == 0) return RunFleet(*args, out, err);
  err << "keel: command '" << command->name << "' is not available\n";
  return kExitUsage;
}

}  // namespace keel::cli
