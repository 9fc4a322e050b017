#include "cli/sources.h"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "cli/exit_codes.h"
#include "cli/timings.h"
#include "introspect/postgres/introspect.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"
#include "parser/source.h"

namespace keel::cli {

int LoadCatalog(const std::vector<std::string>& specs, const LoadOptions& options,
                LoadedCatalog* out, std::ostream& err) {
  auto stage = [&](const std::string& name, const std::string& detail) {
    if (options.timings) options.timings->Stage(options.side + "." + name, detail);
  };
  bool read_any = false;
  using parser::SourceKind;
  std::vector<parser::SourceFile> files;
  std::string db_spec;
  bool has_db = false;
  for (const auto& spec : specs) {
    SourceKind kind = parser::ClassifySource(spec);
    if (kind == SourceKind::kMysql) {
      err << "keel: " << spec << ": MySQL sources are not supported by this build of keel\n";
      return kExitUsage;
    }
    if (kind == SourceKind::kPostgres) {
      if (has_db || specs.size() > 1) {
        err << "keel: a live database cannot be combined with other sources\n";
        return kExitUsage;
      }
      has_db = true;
      db_spec = spec;
      continue;
    }
    auto loaded = parser::LoadSource(spec);
    read_any = true;
    if (!loaded.error.empty()) {
      err << "keel: " << loaded.error << "\n";
      return kExitUsage;
    }
    for (auto& f : loaded.files) files.push_back(std::move(f));
  }
  if (has_db) {
    try {
      auto conn = introspect::postgres::Connect(db_spec);
      stage("connect", "");
      out->catalog = introspect::postgres::Introspect(*conn);
      stage("introspect", fmt::format("{} tables", out->catalog.tables.size()));
    } catch (const introspect::postgres::ConnectError& e) {
      err << "keel: " << e.message << "\n";
      return kExitConnect;
    } catch (const pqxx::broken_connection& e) {
      err << "keel: lost the connection to " << introspect::postgres::RedactUrl(db_spec) << ": "
          << e.what() << "\n";
      return kExitConnect;
    } catch (const pqxx::sql_error& e) {
      err << "keel: cannot read the catalogs of " << introspect::postgres::RedactUrl(db_spec)
          << ": " << e.what() << "\n";
      return kExitConnect;
    } catch (const std::runtime_error& e) {
      // A server-printed definition keel cannot read: the live side is a schema source too.
      err << "keel: " << introspect::postgres::RedactUrl(db_spec) << ": " << e.what() << "\n";
      return kExitInput;
    }
    out->db_spec = db_spec;
    out->label = introspect::postgres::RedactUrl(db_spec);
    if (out->label.empty()) out->label = "database from the environment";
    model::Normalize(out->catalog);
    stage("normalize", "");
    return kExitOk;
  }
  if (read_any) stage("read", fmt::format("{} files", files.size()));
  parser::postgres::ParseOptions parse_options;
  parse_options.strict = options.strict;
  auto parsed = parser::postgres::ParseFiles(files, parse_options);
  stage("parse", fmt::format("{} tables", parsed.catalog.tables.size()));
  for (const auto& d : parsed.errors) err << d.Render() << "\n";
  if (!parsed.ok()) return kExitInput;
  if (!options.quiet)
    for (const auto& d : parsed.warnings) err << d.Render() << "\n";
  out->catalog = std::move(parsed.catalog);
  model::Normalize(out->catalog);
  stage("normalize", "");
  std::string label;
  for (const auto& s : specs) label += (label.empty() ? "" : " ") + s;
  out->label = label;
  return kExitOk;
}

}  // namespace keel::cli
