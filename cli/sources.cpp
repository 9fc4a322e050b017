#include "cli/sources.h"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "cli/exit_codes.h"
#include "cli/timings.h"
#include "introspect/mysql/introspect.h"
#include "introspect/postgres/introspect.h"
#include "model/default_schema.h"
#include "model/normalize.h"
#include "parser/mysql/parser.h"
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

int ResolveDialect(const std::string& choice, const std::vector<std::string>& specs,
                   model::Dialect* dialect, std::ostream& err) {
  std::string mysql_db, postgres_db;
  for (const auto& spec : specs) {
    auto kind = parser::ClassifySource(spec);
    if (kind == parser::SourceKind::kMysql) mysql_db = spec;
    if (kind == parser::SourceKind::kPostgres) postgres_db = spec;
  }
  auto name = [](const std::string& spec) {
    // The libpq environment stands for itself when no database was named.
    return spec == "postgresql://" ? std::string(
                                         "the PostgreSQL database of the environment "
                                         "(give --db mysql://… or DATABASE_URL)")
                                   : introspect::postgres::RedactUrl(spec);
  };
  if (!mysql_db.empty() && !postgres_db.empty()) {
    err << "keel: " << name(postgres_db) << " is PostgreSQL and "
        << introspect::mysql::RedactUrl(mysql_db) << " is MySQL: both sides speak one dialect\n";
    return kExitUsage;
  }
  if (choice.empty()) {
    *dialect = mysql_db.empty() ? model::Dialect::kPostgres : model::Dialect::kMySql;
    return kExitOk;
  }
  if (choice != "postgres" && choice != "mysql") {
    err << "keel: --dialect: unknown dialect '" << choice << "' (one of: postgres, mysql)\n";
    return kExitUsage;
  }
  *dialect = choice == "mysql" ? model::Dialect::kMySql : model::Dialect::kPostgres;
  if (*dialect == model::Dialect::kMySql && !postgres_db.empty()) {
    err << "keel: --dialect mysql, but the live side is " << name(postgres_db) << "\n";
    return kExitUsage;
  }
  if (*dialect == model::Dialect::kPostgres && !mysql_db.empty()) {
    err << "keel: --dialect postgres, but " << introspect::mysql::RedactUrl(mysql_db)
        << " is a MySQL database\n";
    return kExitUsage;
  }
  return kExitOk;
}

std::string RedactDatabase(const std::string& url) {
  return parser::ClassifySource(url) == parser::SourceKind::kMysql
             ? introspect::mysql::RedactUrl(url)
             : introspect::postgres::RedactUrl(url);
}

void UseLiveMySqlDefaults(const std::vector<std::string>& specs,
                          parser::mysql::ParseOptions* options) {
  for (const auto& spec : specs) {
    if (parser::ClassifySource(spec) != parser::SourceKind::kMysql) continue;
    try {
      introspect::mysql::Connection conn(spec);
      auto defaults = introspect::mysql::ReadDatabaseDefaults(conn);
      options->server =
          conn.IsMariaDb() ? parser::mysql::Server::kMariaDb : parser::mysql::Server::kMySql8;
      options->default_engine = defaults.engine;
      options->default_charset = defaults.charset;
      options->default_collation = defaults.collation;
    } catch (const std::exception&) {
      // The load of that source says what is wrong with it.
    }
    return;
  }
}

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
    if (kind == SourceKind::kPostgres || kind == SourceKind::kMysql) {
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
  if (has_db && parser::ClassifySource(db_spec) == SourceKind::kMysql) {
    namespace my = introspect::mysql;
    try {
      my::Connection conn(db_spec);
      stage("connect", "");
      out->catalog = my::Introspect(conn);
      stage("introspect", fmt::format("{} tables", out->catalog.tables.size()));
    } catch (const my::ConnectError& e) {
      err << "keel: " << e.message << "\n";
      return kExitConnect;
    } catch (const my::SqlError& e) {
      err << "keel: cannot read the catalog of " << my::RedactUrl(db_spec) << ": " << e.message
          << "\n";
      return kExitConnect;
    } catch (const std::runtime_error& e) {
      err << "keel: " << my::RedactUrl(db_spec) << ": " << e.what() << "\n";
      return kExitInput;
    }
    out->db_spec = db_spec;
    out->label = my::RedactUrl(db_spec);
    return kExitOk;
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
  std::string label;
  for (const auto& s : specs) label += (label.empty() ? "" : " ") + s;
  if (options.dialect == model::Dialect::kMySql) {
    parser::mysql::ParseOptions parse_options = options.mysql;
    parse_options.strict = options.strict;
    auto parsed = parser::mysql::ParseMySqlFiles(files, parse_options);
    stage("parse", fmt::format("{} tables", parsed.catalog.tables.size()));
    for (const auto& d : parsed.errors) err << d.Render() << "\n";
    if (!parsed.ok()) return kExitInput;
    if (!options.quiet)
      for (const auto& d : parsed.warnings) err << d.Render() << "\n";
    // The parser writes the server's canonical spelling itself: no Normalize pass.
    out->catalog = std::move(parsed.catalog);
    out->label = label;
    return kExitOk;
  }
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
  out->label = label;
  return kExitOk;
}

}  // namespace keel::cli
