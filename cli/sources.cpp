#include "cli/sources.h"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "cli/exit_codes.h"
#include "cli/timings.h"
#include "introspect/postgres/introspect.h"
#include "model/default_schema.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"
#include "parser/source.h"

namespace keel::cli {
namespace {

// Objects the files place outside the --in-schema target's schema: the live side of a tenant
// holds none, so each would be planned again on every run.
std::vector<std::string> OutsideTenant(const model::Catalog& c, const std::string& schema) {
  std::vector<std::string> out;
  auto check = [&](const std::string& kind, const model::QualifiedName& name) {
    if (name.schema != schema) out.push_back(kind + " " + name.Display());
  };
  for (const auto& [name, s] : c.schemas)
    if (name != schema) out.push_back("schema " + name);
  for (const auto& [name, e] : c.extensions) out.push_back("extension " + name);
  for (const auto& [name, t] : c.tables) check("table", name);
  for (const auto& [name, i] : c.indexes) check("index", name);
  for (const auto& [name, s] : c.sequences) check("sequence", name);
  for (const auto& [name, v] : c.views) check("view", name);
  for (const auto& [name, t] : c.enums) check("type", name);
  for (const auto& [name, t] : c.domains) check("domain", name);
  for (const auto& [name, t] : c.composites) check("type", name);
  for (const auto& [key, f] : c.functions) check("function", key.first);
  for (const auto& [key, d] : c.definitions)
    check(d.kind == "OPERATOR" ? "operator" : "aggregate", d.name);
  return out;
}

}  // namespace

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
  if (const std::string& tenant = model::InSchema(); !tenant.empty()) {
    auto outside = OutsideTenant(parsed.catalog, tenant);
    if (!outside.empty()) {
      err << "keel: --in-schema " << tenant << ": the schema files declare objects outside schema "
          << tenant << ": " << fmt::format("{}", fmt::join(outside, ", "))
          << "; a tenant's files name only its own objects, unqualified\n";
      return kExitInput;
    }
  }
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
