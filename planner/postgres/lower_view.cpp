#include "planner/postgres/lower_view.h"

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::ColumnId;
using diff::SchemaId;
using diff::TableId;
using diff::ViewId;
using model::View;

std::string Kind(const View& v) { return v.materialized ? "MATERIALIZED VIEW " : "VIEW "; }

std::string WithOptions(const View& v) {
  if (v.options.empty()) return "";
  std::string out = " WITH (";
  bool first = true;
  for (const auto& [k, val] : v.options) {
    out += (first ? "" : ", ") + k + "=" + val;
    first = false;
  }
  return out + ")";
}

std::string CreateSql(const View& v, bool replace) {
  return std::string("CREATE ") + (replace ? "OR REPLACE " : "") + Kind(v) + v.name.Sql() +
         WithOptions(v) + " AS " + v.query.sql;
}

// What the body uses: its tables' referenced columns (and their types, which a type change
// replaces), the views and functions it calls.
std::vector<std::string> ViewNeeds(const View& v, const model::Catalog& catalog) {
  std::vector<std::string> needs = {SchemaId(v.name.schema)};
  bool star = std::find(v.column_refs.begin(), v.column_refs.end(), "*") != v.column_refs.end();
  for (const auto& rel : v.relations) {
    if (auto t = catalog.tables.find(rel); t != catalog.tables.end()) {
      needs.push_back(TableId(rel));
      for (const auto& col : t->second.columns) {
        if (!star &&
            std::find(v.column_refs.begin(), v.column_refs.end(), col.name) == v.column_refs.end())
          continue;
        needs.push_back(ColumnId(rel, col.name));
        needs.push_back("type:" + ColumnId(rel, col.name));
      }
    } else if (catalog.views.count(rel)) {
      needs.push_back(ViewId(rel));
    }
  }
  for (const auto& fn : v.functions) needs.push_back("function:" + fn.Display());
  return needs;
}

std::vector<std::string> Provided(const View& v) {
  // A materialized view carries indexes, which need it as their table.
  if (v.materialized) return {ViewId(v.name), TableId(v.name)};
  return {ViewId(v.name)};
}

std::vector<std::string> CreateWithComment(const View& v) {
  std::vector<std::string> out = {CreateSql(v, false)};
  if (v.comment) out.push_back(sql::Comment(Kind(v) + v.name.Sql(), v.comment));
  return out;
}

Step MakeViewStep(const View& v, std::string description, int rank) {
  Step s;
  s.object = ViewId(v.name);
  s.description = std::move(description);
  s.rank = rank;
  return s;
}

// Views of `catalog` that read `name`, directly or through each other: each one after every
// view it reads (creation order).
std::vector<const View*> Dependents(const model::QualifiedName& name,
                                    const model::Catalog& catalog) {
  std::vector<const View*> order;
  std::set<model::QualifiedName> seen;
  std::function<void(const model::QualifiedName&)> visit = [&](const model::QualifiedName& n) {
    for (const auto& [qn, v] : catalog.views) {
      if (seen.count(qn) ||
          std::find(v.relations.begin(), v.relations.end(), n) == v.relations.end())
        continue;
      seen.insert(qn);
      visit(qn);
      order.push_back(&v);
    }
  };
  visit(name);
  std::reverse(order.begin(), order.end());
  return order;
}

}  // namespace

std::vector<Step> LowerCreateView(const diff::CreateView& c, const LowerContext& ctx) {
  const View& v = c.view;
  Step s = MakeViewStep(v, diff::Describe(c), kRankCreateView);
  s.sql = {CreateSql(v, false)};
  s.rollback_sql = {"DROP " + Kind(v) + v.name.Sql()};
  s.lock = LockLevel::kNone;
  s.provides = Provided(v);
  s.needs = ViewNeeds(v, ctx.to);
  if (v.materialized)
    s.hazards.push_back(
        {HazardCode::kTableRewrite, "materialized view is computed in full from its query"});
  return {s};
}

std::vector<Step> LowerDropView(const diff::DropView& c, const LowerContext& ctx) {
  const View& v = c.view;
  Step s = MakeViewStep(v, diff::Describe(c), kRankDropView);
  s.sql = {"DROP " + Kind(v) + v.name.Sql()};
  s.rollback_sql = CreateWithComment(v);
  s.lock_table = v.name.Display();
  s.removes = Provided(v);
  s.releases = ViewNeeds(v, ctx.from);
  if (v.materialized) {
    s.reversibility = Reversibility::kLossy;
    s.rollback_note = "the materialized view's rows are computed again from its query";
  }
  return {s};
}

// CREATE OR REPLACE keeps the view's identity, grants and dependents; its rollback can do the
// same only when no column was appended (a view cannot drop columns).
std::vector<Step> LowerReplaceView(const diff::ReplaceView& c, const LowerContext& ctx) {
  Step s = MakeViewStep(c.to, diff::Describe(c), kRankCreateView);
  s.sql = {CreateSql(c.to, true)};
  if (c.from.columns == c.to.columns) {
    s.rollback_sql = {CreateSql(c.from, true)};
  } else {
    // A view cannot lose columns in place: the views reading it go and come back around it.
    auto dependents = Dependents(c.to.name, ctx.to);
    for (auto it = dependents.rbegin(); it != dependents.rend(); ++it)
      s.rollback_sql.push_back("DROP " + Kind(**it) + (*it)->name.Sql());
    s.rollback_sql.push_back("DROP VIEW " + c.from.name.Sql());
    for (const auto& q : CreateWithComment(c.from)) s.rollback_sql.push_back(q);
    for (const View* v : dependents)
      for (const auto& q : CreateWithComment(*v)) s.rollback_sql.push_back(q);
    s.rollback_note = "undoing the appended columns drops and recreates the view";
    if (!dependents.empty()) s.rollback_note += " and the views that read it";
  }
  s.lock_table = c.to.name.Display();
  s.needs = ViewNeeds(c.to, ctx.to);
  s.needs.push_back(ViewId(c.to.name));
  s.releases = ViewNeeds(c.from, ctx.from);
  return {s};
}

}  // namespace keel::planner::postgres
