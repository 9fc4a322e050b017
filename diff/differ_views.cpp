#include "diff/differ_views.h"

#include <algorithm>
#include <set>
#include <string>

namespace keel::diff {
namespace {

using model::QualifiedName;
using model::View;

std::string CommentTarget(const View& v) {
  return (v.materialized ? "MATERIALIZED VIEW " : "VIEW ") + v.name.Sql();
}

bool References(const View& v, const QualifiedName& rel) {
  return std::find(v.relations.begin(), v.relations.end(), rel) != v.relations.end();
}

bool ReferencesColumn(const View& v, const QualifiedName& table, const std::string& column) {
  if (!References(v, table)) return false;
  return std::find(v.column_refs.begin(), v.column_refs.end(), column) != v.column_refs.end() ||
         std::find(v.column_refs.begin(), v.column_refs.end(), "*") != v.column_refs.end();
}

// CREATE OR REPLACE VIEW keeps the old output columns and may only append new ones.
bool Replaceable(const View& a, const View& b) {
  return !a.materialized && !b.materialized && b.columns.size() >= a.columns.size() &&
         std::equal(a.columns.begin(), a.columns.end(), b.columns.begin());
}

bool HasIndexChange(const ChangeSet& out, const QualifiedName& index, bool create) {
  for (const auto& c : out) {
    if (create) {
      if (const auto* ci = std::get_if<CreateIndex>(&c); ci && ci->index.name == index) return true;
    } else if (const auto* di = std::get_if<DropIndex>(&c); di && di->index.name == index) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::set<std::pair<QualifiedName, std::string>> ColumnsUnderChange(const ChangeSet& out) {
  std::set<std::pair<QualifiedName, std::string>> cols;
  for (const auto& c : out) {
    if (const auto* a = std::get_if<AlterColumn>(&c); a && (a->what & kColumnType))
      cols.insert({a->table, a->from.name});
    if (const auto* d = std::get_if<DropColumn>(&c)) cols.insert({d->table, d->column.name});
    if (const auto* r = std::get_if<RenameColumn>(&c)) cols.insert({r->table, r->from});
  }
  return cols;
}

void DiffViews(const model::Catalog& from, const model::Catalog& to, const DiffOptions& options,
               ChangeSet& out) {
  auto comment = [&](const View& v, const std::optional<std::string>& a,
                     const std::optional<std::string>& b) {
    if (a != b) out.push_back(SetComment{CommentTarget(v), ViewId(v.name), a, b});
  };
  std::set<QualifiedName> recreate;
  auto under_change = ColumnsUnderChange(out);
  for (const auto& [name, old] : from.views) {
    auto it = to.views.find(name);
    if (it == to.views.end()) continue;
    const View& now = it->second;
    bool changed = old.query != now.query || old.options != now.options ||
                   old.materialized != now.materialized;
    if (changed && !Replaceable(old, now)) recreate.insert(name);
    for (const auto& [table, column] : under_change)
      if (ReferencesColumn(old, table, column)) recreate.insert(name);
    // A table it reads is dropped (maybe replaced by a view of the same name).
    for (const auto& rel : old.relations)
      if (from.tables.count(rel) && !from.views.count(rel) && !to.tables.count(rel))
        recreate.insert(name);
  }
  // Views over a recreated (or dropped) view go and come back with it.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [name, old] : from.views) {
      if (recreate.count(name) || !to.views.count(name)) continue;
      for (const auto& rel : old.relations) {
        auto dep = from.views.find(rel);
        if (dep != from.views.end() && (recreate.count(rel) || !to.views.count(rel))) {
          recreate.insert(name);
          grew = true;
          break;
        }
      }
    }
  }

  for (const auto& [name, now] : to.views) {
    auto it = from.views.find(name);
    if (it == from.views.end()) {
      out.push_back(CreateView{now});
      comment(now, std::nullopt, now.comment);
      continue;
    }
    const View& old = it->second;
    if (recreate.count(name)) {
      out.push_back(DropView{old});
      out.push_back(CreateView{now});
      comment(now, std::nullopt, now.comment);
      // Indexes of a materialized view go with it and are built again.
      for (const auto& [iname, index] : to.indexes) {
        if (index.table != name || HasIndexChange(out, iname, true)) continue;
        auto fi = from.indexes.find(iname);
        if (fi != from.indexes.end() && !HasIndexChange(out, iname, false))
          out.push_back(DropIndex{fi->second});
        out.push_back(CreateIndex{index});
        if (index.comment)
          out.push_back(
              SetComment{"INDEX " + iname.Sql(), IndexId(iname), std::nullopt, index.comment});
      }
      continue;
    }
    if (old.query != now.query || old.options != now.options) out.push_back(ReplaceView{old, now});
    comment(now, old.comment, now.comment);
  }
  for (const auto& [name, old] : from.views)
    if (!to.views.count(name) && options.allow_drops) out.push_back(DropView{old});
}

}  // namespace keel::diff
