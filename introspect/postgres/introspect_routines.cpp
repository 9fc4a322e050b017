#include "introspect/postgres/introspect_routines.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "parser/postgres/parser.h"

namespace keel::introspect::postgres {
namespace {

// Parses server-printed definitions (and their COMMENT ON) into `catalog`; one file per object
// so that an error names it.
void ParseDefs(const pqxx::result& rows, const char* name_column, model::Catalog& catalog) {
  std::vector<parser::SourceFile> files;
  for (const auto& row : rows) {
    std::string text = row["def"].as<std::string>() + ";\n";
    if (!row["comment_sql"].is_null()) text += row["comment_sql"].as<std::string>() + ";\n";
    files.push_back({"server definition of " + row["nspname"].as<std::string>() + "." +
                         row[name_column].as<std::string>(),
                     text});
  }
  parser::postgres::ParseResult parsed = parser::postgres::ParseFiles(files);
  if (!parsed.ok())
    throw std::runtime_error("cannot read a definition: " + parsed.errors[0].Render());
  for (auto& [key, f] : parsed.catalog.functions) {
    f.loc = {};
    catalog.functions[key] = std::move(f);
  }
  for (auto& [key, t] : parsed.catalog.triggers) {
    t.loc = {};
    catalog.triggers[key] = std::move(t);
  }
  for (auto& [key, d] : parsed.catalog.definitions) {
    d.loc = {};
    catalog.definitions[key] = std::move(d);
  }
}

}  // namespace

void ReadRoutineRows(const pqxx::result& functions, const pqxx::result& triggers,
                     const pqxx::result& definitions, model::Catalog& catalog) {
  ParseDefs(functions, "proname", catalog);
  ParseDefs(triggers, "tgname", catalog);
  ParseDefs(definitions, "name", catalog);
}

}  // namespace keel::introspect::postgres
