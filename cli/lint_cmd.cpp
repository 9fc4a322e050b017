#include "cli/lint_cmd.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "cli/exit_codes.h"
#include "cli/sources.h"
#include "lint/lint.h"
#include "lint/report.h"
#include "parser/source.h"

#ifndef KEEL_VERSION
#define KEEL_VERSION "0.0.0"
#endif

namespace keel::cli {
namespace {

using planner::Severity;

std::optional<Severity> ParseSeverity(const std::string& name) {
  for (Severity s :
       {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical})
    if (planner::SeverityName(s) == name) return s;
  return std::nullopt;
}

// The migration files: each argument a file, a directory (*.sql below it, in path order) or
// git:REV:path.
int LoadMigrations(const std::vector<std::string>& specs, std::vector<parser::SourceFile>* files,
                   std::ostream& err) {
  for (const auto& spec : specs) {
    if (parser::ClassifySource(spec) != parser::SourceKind::kFiles &&
        parser::ClassifySource(spec) != parser::SourceKind::kGit) {
      err << "keel lint: " << spec << " is not a file; pass a database with --db\n";
      return kExitUsage;
    }
    auto loaded = parser::LoadSource(spec);
    if (!loaded.error.empty()) {
      err << "keel lint: " << loaded.error << "\n";
      return kExitUsage;
    }
    for (auto& f : loaded.files) files->push_back(std::move(f));
  }
  return kExitOk;
}

}  // namespace

int RunLint(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (args.positional.empty()) {
    err << "keel lint: name at least one migration file (FILE.sql or a directory)\n";
    return kExitUsage;
  }
  if (args.Has("db") && args.Has("schema")) {
    err << "keel lint: --db and --schema cannot be used together (both give the schema the "
           "migrations run against)\n";
    return kExitUsage;
  }
  lint::Format format = lint::Format::kText;
  if (args.Has("format")) {
    auto f = lint::ParseFormat(args.Get("format"));
    if (!f) {
      err << "keel lint: " << UnknownChoice("format", args.Get("format"), lint::FormatNames())
          << "\n";
      return kExitUsage;
    }
    format = *f;
  }
  Severity fail_on = Severity::kLow;
  if (args.Has("fail-on")) {
    auto s = ParseSeverity(args.Get("fail-on"));
    if (!s) {
      err << "keel lint: --fail-on: "
          << UnknownChoice("severity", args.Get("fail-on"),
                           {"info", "low", "medium", "high", "critical"})
          << "\n";
      return kExitUsage;
    }
    fail_on = *s;
  }
  std::vector<parser::SourceFile> files;
  if (int rc = LoadMigrations(args.positional, &files, err)) return rc;

  lint::Options options;
  options.in_transaction = args.Has("in-transaction");
  LoadedCatalog schema;
  std::vector<std::string> specs =
      args.Has("db") ? std::vector<std::string>{args.Get("db")} : args.GetAll("schema");
  if (!specs.empty()) {
    LoadOptions load;
    load.quiet = args.Has("quiet");
    if (int rc = LoadCatalog(specs, load, &schema, err)) return rc;
    options.schema = &schema.catalog;
    options.has_stats = !schema.db_spec.empty();
  }

  lint::Result result = lint::Lint(files, options);
  for (const auto& d : result.errors) err << d.Render() << "\n";
  if (!result.errors.empty()) return kExitInput;

  std::string text;
  switch (format) {
    case lint::Format::kText: {
      bool color = !args.Has("no-color") && !std::getenv("NO_COLOR") && !args.Has("out") &&
                   isatty(STDOUT_FILENO);
      text = lint::RenderText(result, color);
      if (args.Has("quiet") && result.findings.empty()) text.clear();
      break;
    }
    case lint::Format::kJson:
      text = lint::RenderJson(result);
      break;
    case lint::Format::kSarif:
      text = lint::RenderSarif(result, KEEL_VERSION);
      break;
  }
  if (args.Has("out")) {
    std::ofstream file(args.Get("out"), std::ios::binary);
    file << text;
    if (!file) {
      err << "keel lint: cannot write " << args.Get("out") << "\n";
      return kExitUsage;
    }
  } else {
    out << text;
  }
  auto top = lint::Highest(result);
  if (!top || *top < fail_on) return kExitOk;
  return *top >= Severity::kHigh ? kExitLintHigh : kExitLintFindings;
}

}  // namespace keel::cli
