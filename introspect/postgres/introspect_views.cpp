#include "introspect/postgres/introspect_views.h"

#include <sstream>

#include "parser/postgres/view.h"

namespace keel::introspect::postgres {

void ReadViewRows(const pqxx::result& rows, model::Catalog& catalog) {
  for (const auto& row : rows) {
    model::View view;
    view.name = {row["nspname"].as<std::string>(), row["relname"].as<std::string>()};
    view.materialized = row["materialized"].as<bool>();
    std::string definition = row["definition"].is_null() ? "" : row["definition"].as<std::string>();
    // A body the parser cannot read is kept verbatim: it then differs from any file spelling.
    if (!parser::postgres::AnalyzeViewBody(definition, {}, view))
      view.query = model::Expr(definition, definition);
    if (!row["options"].is_null()) {
      std::stringstream in(row["options"].as<std::string>());
      for (std::string item; std::getline(in, item, ',');) {
        auto eq = item.find('=');
        if (eq == std::string::npos) continue;
        view.options[item.substr(0, eq)] = item.substr(eq + 1);
      }
    }
    if (!row["comment"].is_null()) view.comment = row["comment"].as<std::string>();
    catalog.views[view.name] = std::move(view);
  }
}

}  // namespace keel::introspect::postgres
