#include "tests/property/object_gen.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "tests/property/gen_util.h"

namespace keel::proptest {
namespace {

using model::Catalog;
using model::QualifiedName;
using model::QuoteIdent;
using model::QuoteLiteral;

const std::vector<std::string> kEnumValues = {"red", "green", "blue", "amber", "it's", "Mixed"};
const std::vector<std::string> kAttrTypes = {"integer", "text", "numeric(10,2)", "boolean", "date"};
const std::vector<std::string> kAttrNames = {"a", "b", "label", "qty", "Odd Name"};
const std::vector<std::string> kCommands = {"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"};

using Columns = std::vector<std::pair<std::string, std::string>>;  // name, type

template <class V, class Pred>
auto* FindIf(V& items, Pred pred) {
  auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

template <class V>
auto* Find(V& items, const QualifiedName& name) {
  return FindIf(items, [&](const auto& x) { return x.name == name; });
}

bool SchemaExists(const Catalog& base, const std::string& schema) {
  return schema == "public" || base.schemas.count(schema) > 0;
}

// The columns a view can read from a relation, with their types; nullopt: no such relation.
std::optional<Columns> RelationColumns(const Catalog& base, const Objects& o,
                                       const QualifiedName& rel) {
  if (auto t = base.tables.find(rel); t != base.tables.end()) {
    Columns out;
    for (const auto& c : t->second.columns) out.push_back({c.name, c.type});
    for (const auto& c : o.columns)
      if (c.table == rel) out.push_back({c.name, c.type.name.empty() ? "integer" : c.type.Sql()});
    return out;
  }
  if (const auto* p = Find(o.partitioned, rel)) {
    Columns out = {{"id", "integer"}, {"k", p->range ? "integer" : "text"}, {"v", "text"}};
    if (p->extra_column) out.push_back({"w", "text"});
    return out;
  }
  if (const auto* v = Find(o.views, rel)) {
    auto from = RelationColumns(base, o, v->from);
    if (!from) return std::nullopt;
    Columns out;
    for (const auto& vc : v->columns) {
      std::string type = "integer";
      if (vc.function.name.empty())
        for (const auto& [n, t] : *from)
          if (n == vc.column) type = t;
      out.push_back({vc.alias, type});
    }
    return out;
  }
  return std::nullopt;
}

// The base column a view column reads through plain references, if any.
std::optional<std::pair<QualifiedName, std::string>> Origin(const Catalog& base, const Objects& o,
                                                            const QualifiedName& rel,
                                                            const std::string& column) {
  if (base.tables.count(rel)) return std::pair{rel, column};
  const auto* v = Find(o.views, rel);
  if (v == nullptr) return std::nullopt;
  for (const auto& vc : v->columns)
    if (vc.alias == column && vc.function.name.empty()) return Origin(base, o, v->from, vc.column);
  return std::nullopt;
}

template <class V>
std::vector<QualifiedName> Names(const V& items) {
  std::vector<QualifiedName> out;
  for (const auto& x : items) out.push_back(x.name);
  return out;
}

std::vector<QualifiedName> Tables(const Catalog& base) {
  std::vector<QualifiedName> out;
  for (const auto& [qn, _] : base.tables) out.push_back(qn);
  return out;
}

std::vector<QualifiedName> Functions(const Objects& o, bool trigger) {
  std::vector<QualifiedName> out;
  for (const auto& f : o.functions)
    if (f.trigger == trigger) out.push_back(f.name);
  return out;
}

// Removes entry `i` of a vector picked uniformly; no-op when empty.
template <class V>
void DropOne(V& items) {
  if (!items.empty()) items.erase(items.begin() + Uniform<size_t>(0, items.size()));
}

}  // namespace

std::string ObjectGen::Name(const std::string& prefix) {
  const std::string n = std::to_string(++counter_);
  if (quoted_ && Chance(30)) {
    std::string upper = prefix;
    upper[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[0])));
    return upper + " " + n;
  }
  return prefix + "_" + n;
}

std::string ObjectGen::SchemaOf(const Catalog& base) {
  if (base.schemas.empty() || Chance(60)) return "public";
  std::vector<std::string> names;
  for (const auto& [name, _] : base.schemas) names.push_back(name);
  return Pick(names);
}

void ObjectGen::AddEnum(const Catalog& base, Objects& o) {
  EnumObj e;
  e.name = {SchemaOf(base), Name("mood")};
  const int n = Uniform(1, 4);
  for (int i = 0; i < n; ++i) e.values.push_back(kEnumValues[i]);
  e.comment = MaybeComment(15);
  o.enums.push_back(e);
}

void ObjectGen::AddDomain(const Catalog& base, Objects& o) {
  DomainObj d;
  d.name = {SchemaOf(base), Name("dom")};
  d.base = Chance(50) ? "integer" : "text";
  d.check = Uniform(-1, 2);
  d.has_default = Chance(40);
  d.not_null = Chance(20);
  d.comment = MaybeComment(15);
  o.domains.push_back(d);
}

void ObjectGen::AddComposite(const Catalog& base, Objects& o) {
  CompositeObj c;
  c.name = {SchemaOf(base), Name("pair")};
  const int n = Uniform(1, 4);
  for (int i = 0; i < n; ++i) c.attributes.push_back({kAttrNames[i], Pick(kAttrTypes)});
  c.comment = MaybeComment(15);
  o.composites.push_back(c);
}

void ObjectGen::AddFunction(const Catalog& base, Objects& o, bool trigger) {
  FunctionObj f;
  f.name = {SchemaOf(base), Name(trigger ? "trg_fn" : "fn")};
  f.trigger = trigger;
  f.language = trigger ? "plpgsql" : Pick(std::vector<std::string>{"sql", "standard", "plpgsql"});
  f.version = Uniform(1, 5);
  f.stable = !trigger && Chance(30);
  f.comment = MaybeComment(15);
  o.functions.push_back(f);
}

void ObjectGen::AddColumn(const Catalog& base, Objects& o) {
  auto tables = Tables(base);
  if (tables.empty()) return;
  ColumnObj c;
  c.table = Pick(tables);
  c.name = Name("ucol");
  std::vector<QualifiedName> types = Names(o.enums);
  for (const auto& d : o.domains) types.push_back(d.name);
  for (const auto& t : o.composites) types.push_back(t.name);
  auto functions = Functions(o, false);
  if (!types.empty() && (functions.empty() || Chance(60))) {
    c.type = Pick(types);
    if (const auto* e = Find(o.enums, c.type); e && Chance(50))
      c.default_sql = QuoteLiteral(e->values.front());
  } else if (!functions.empty()) {
    c.function = Pick(functions);
    c.default_sql = c.function.Sql() + "(0)";
    if (Chance(40)) c.check_name = Name("fn_check");
  } else {
    return;
  }
  o.columns.push_back(c);
}

void ObjectGen::AddPartitioned(const Catalog& base, Objects& o) {
  PartitionedObj p;
  p.name = {SchemaOf(base), Name("part")};
  p.range = Chance(50);
  const int n = Uniform(0, 3);
  for (int i = 0; i < n; ++i) p.slots.push_back(i);
  p.default_part = Chance(30);
  p.index = Chance(40);
  p.extra_column = Chance(20);
  p.comment = MaybeComment(15);
  o.partitioned.push_back(p);
}

void ObjectGen::AddView(const Catalog& base, Objects& o) {
  std::vector<QualifiedName> sources = Tables(base);
  for (const auto& p : o.partitioned) sources.push_back(p.name);
  for (const auto& v : o.views) sources.push_back(v.name);
  if (sources.empty()) return;
  ViewObj v;
  v.from = Pick(sources);
  const auto columns = RelationColumns(base, o, v.from);
  if (!columns || columns->empty()) return;
  v.materialized = Chance(30);
  v.name = {SchemaOf(base), Name(v.materialized ? "mview" : "view")};
  const auto functions = Functions(o, false);
  std::vector<size_t> left(columns->size());
  for (size_t i = 0; i < left.size(); ++i) left[i] = i;
  const int n = Uniform<int>(1, std::min<int>(4, columns->size() + 1));
  for (int i = 0; i < n; ++i) {
    const size_t at = Uniform<size_t>(0, left.size());
    const auto& [name, type] = (*columns)[left[at]];
    left.erase(left.begin() + at);
    ViewColumn vc{name, {}, name};
    if (type == "integer" && !functions.empty() && Chance(40)) {
      vc.function = Pick(functions);
      vc.alias = "f_" + name;
    }
    v.columns.push_back(vc);
  }
  if (Chance(30)) v.where_column = Pick(*columns).first;
  v.comment = MaybeComment(15);
  o.views.push_back(v);
}

void ObjectGen::AddTrigger(const Catalog& base, Objects& o) {
  auto tables = Tables(base);
  auto functions = Functions(o, true);
  if (tables.empty() || functions.empty()) return;
  TriggerObj t;
  t.table = Pick(tables);
  t.name = Name("trg");
  t.function = Pick(functions);
  t.before = Chance(50);
  t.events = Uniform<int>(0, TriggerEvents().size());
  t.row = t.before || Chance(50);
  t.enabled = Chance(30) ? Pick(std::vector<char>{'D', 'R', 'A'}) : 'O';
  t.comment = MaybeComment(15);
  o.triggers.push_back(t);
}

void ObjectGen::AddPolicy(const Catalog& base, Objects& o) {
  auto tables = Tables(base);
  if (tables.empty()) return;
  PolicyObj p;
  p.table = Pick(tables);
  const auto& columns = base.tables.at(p.table).columns;
  if (columns.empty()) return;
  p.name = Name("pol");
  p.command = Pick(kCommands);
  p.permissive = !Chance(25);
  p.column = Pick(columns).name;
  p.comment = MaybeComment(15);
  o.policies.push_back(p);
  if (Chance(70)) o.rls.insert(p.table);
}

void ObjectGen::Generate(const Catalog& base, Objects& o) {
  if (Chance(40)) AddEnum(base, o);
  if (Chance(30)) AddDomain(base, o);
  if (Chance(25)) AddComposite(base, o);
  const int functions = Uniform(0, 3);
  for (int i = 0; i < functions; ++i) AddFunction(base, o, false);
  if (Chance(40)) AddFunction(base, o, true);
  const int columns = Uniform(0, 3);
  for (int i = 0; i < columns; ++i) AddColumn(base, o);
  if (Chance(30)) AddPartitioned(base, o);
  const int views = Uniform(0, 4);
  for (int i = 0; i < views; ++i) AddView(base, o);
  const int triggers = Uniform(0, 3);
  for (int i = 0; i < triggers; ++i) AddTrigger(base, o);
  if (Chance(30)) AddPolicy(base, o);
  Fixup(base, o);
}

void ObjectGen::ChangeView(const Catalog& base, Objects& o) {
  if (o.views.empty()) return;
  ViewObj& v = o.views.at(Uniform<size_t>(0, o.views.size()));
  const auto columns = RelationColumns(base, o, v.from);
  if (!columns || columns->empty()) return;
  switch (Uniform(0, 4)) {
    case 0:  // WHERE on, off or on another column
      v.where_column = Chance(50) ? "" : Pick(*columns).first;
      break;
    case 1: {  // append a column (CREATE OR REPLACE can do that)
      const auto& [name, type] = Pick(*columns);
      for (const auto& vc : v.columns)
        if (vc.alias == name) return;
      v.columns.push_back({name, {}, name});
      break;
    }
    case 2:  // drop a column: the view must be recreated
      if (v.columns.size() > 1) DropOne(v.columns);
      break;
    default: {  // call a function on an integer column, or stop calling it
      for (auto& vc : v.columns) {
        if (!vc.function.name.empty()) {
          vc.function = {};
          vc.alias = vc.column;
          return;
        }
      }
      break;
    }
  }
}

void ObjectGen::ChangeComment(Objects& o) {
  auto flip = [](auto& items) {
    if (!items.empty()) FlipComment(items[Uniform<size_t>(0, items.size())].comment);
  };
  switch (Uniform(0, 8)) {
    case 0:
      return flip(o.enums);
    case 1:
      return flip(o.domains);
    case 2:
      return flip(o.composites);
    case 3:
      return flip(o.functions);
    case 4:
      return flip(o.views);
    case 5:
      return flip(o.triggers);
    case 6:
      return flip(o.policies);
    default:
      return flip(o.partitioned);
  }
}

void ObjectGen::Mutate(const Catalog& base, Objects& o, bool additive) {
  auto any = [](auto& items) -> decltype(&items[0]) {
    return items.empty() ? nullptr : &items[Uniform<size_t>(0, items.size())];
  };
  int kind = Uniform(0, 26);
  // An additive change adds where it would drop.
  static const std::map<int, int> kDropToAdd = {{2, 0},   {5, 3},   {8, 6},   {11, 9},
                                                {13, 12}, {16, 14}, {20, 17}, {23, 21}};
  if (auto add = kDropToAdd.find(kind); additive && add != kDropToAdd.end()) kind = add->second;
  switch (kind) {
    case 0:
      AddEnum(base, o);
      break;
    case 1:  // a new value, anywhere in the order
      if (auto* e = any(o.enums)) {
        for (const auto& v : kEnumValues) {
          if (std::find(e->values.begin(), e->values.end(), v) != e->values.end()) continue;
          e->values.insert(e->values.begin() + Uniform<size_t>(0, e->values.size() + 1), v);
          break;
        }
      }
      break;
    case 2:
      DropOne(o.enums);
      break;
    case 3:
      AddDomain(base, o);
      break;
    case 4:
      if (auto* d = any(o.domains)) {
        switch (Uniform(0, 3)) {
          case 0:
            d->check = d->check == -1 ? Uniform(0, 2) : (Chance(50) ? -1 : 1 - d->check);
            break;
          case 1:
            d->has_default = !d->has_default;
            break;
          default:
            d->not_null = !d->not_null;
        }
      }
      break;
    case 5:
      DropOne(o.domains);
      break;
    case 6:
      AddComposite(base, o);
      break;
    case 7:
      if (auto* c = any(o.composites)) {
        if (c->attributes.size() > 1 && Chance(50)) {
          DropOne(c->attributes);
        } else {
          for (const auto& n : kAttrNames)
            if (std::none_of(c->attributes.begin(), c->attributes.end(),
                             [&](const auto& a) { return a.first == n; })) {
              c->attributes.push_back({n, Pick(kAttrTypes)});
              break;
            }
        }
      }
      break;
    case 8:
      DropOne(o.composites);
      break;
    case 9:
      AddFunction(base, o, Chance(30));
      break;
    case 10:  // a new body, volatility or language under the same signature
      if (auto* f = any(o.functions)) {
        switch (Uniform(0, 3)) {
          case 0:
            f->version += 1;
            break;
          case 1:
            if (!f->trigger) f->stable = !f->stable;
            break;
          default:
            if (!f->trigger)
              f->language = Pick(std::vector<std::string>{"sql", "standard", "plpgsql"});
        }
      }
      break;
    case 11:
      DropOne(o.functions);
      break;
    case 12:
      AddColumn(base, o);
      break;
    case 13:
      DropOne(o.columns);
      break;
    case 14:
      AddPartitioned(base, o);
      break;
    case 15:
      if (auto* p = any(o.partitioned)) {
        switch (Uniform(0, 5)) {
          case 0:
            p->slots.push_back(p->slots.empty() ? 0 : p->slots.back() + 1);
            break;
          case 1:
            DropOne(p->slots);
            break;
          case 2:
            p->default_part = !p->default_part;
            break;
          case 3:
            p->index = !p->index;
            break;
          default:
            p->extra_column = !p->extra_column;
        }
      }
      break;
    case 16:
      DropOne(o.partitioned);
      break;
    case 17:
      AddView(base, o);
      break;
    case 18:
    case 19:
      ChangeView(base, o);
      break;
    case 20:
      DropOne(o.views);
      break;
    case 21:
      AddTrigger(base, o);
      break;
    case 22:
      if (auto* t = any(o.triggers)) {
        if (Chance(50)) {
          t->enabled = Pick(std::vector<char>{'O', 'D', 'R', 'A'});
        } else {
          t->events = Uniform<int>(0, TriggerEvents().size());
          t->row = t->before || !t->row;
        }
      } else {
        AddTrigger(base, o);
      }
      break;
    case 23:
      DropOne(o.triggers);
      break;
    case 24:
      if (auto* p = any(o.policies); p && Chance(60)) {
        if (Chance(50)) {
          p->permissive = !p->permissive;
        } else if (auto t = base.tables.find(p->table); t != base.tables.end()) {
          p->column = Pick(t->second.columns).name;
        }
      } else if (additive || Chance(50)) {
        AddPolicy(base, o);
      } else {
        DropOne(o.policies);
      }
      break;
    default: {  // row-level security on or off, forced or not
      auto tables = Tables(base);
      if (tables.empty()) break;
      const QualifiedName t = Pick(tables);
      if (Chance(50)) {
        if (!o.rls.erase(t)) o.rls.insert(t);
      } else if (!o.forced.erase(t)) {
        o.forced.insert(t);
      }
    }
  }
  if (Chance(20)) ChangeComment(o);
  Fixup(base, o);
}

void ObjectGen::Fixup(const Catalog& base, Objects& o) const {
  auto gone = [&](const QualifiedName& qn) { return !SchemaExists(base, qn.schema); };
  std::erase_if(o.enums, [&](const auto& x) { return gone(x.name); });
  std::erase_if(o.domains, [&](const auto& x) { return gone(x.name); });
  std::erase_if(o.composites, [&](const auto& x) { return gone(x.name); });
  std::erase_if(o.functions, [&](const auto& x) { return gone(x.name); });
  std::erase_if(o.partitioned, [&](const auto& x) { return gone(x.name); });
  auto has_type = [&](const QualifiedName& t) {
    return t.name.empty() || Find(o.enums, t) || Find(o.domains, t) || Find(o.composites, t);
  };
  auto has_function = [&](const QualifiedName& f, bool trigger) {
    const auto* fn = Find(o.functions, f);
    return fn != nullptr && fn->trigger == trigger;
  };
  std::erase_if(o.columns, [&](const ColumnObj& c) {
    if (!base.tables.count(c.table) || !has_type(c.type)) return true;
    return !c.function.name.empty() && !has_function(c.function, false);
  });
  for (auto& c : o.columns)
    if (const auto* e = Find(o.enums, c.type); e && !c.default_sql.empty())
      c.default_sql = QuoteLiteral(e->values.front());
  // In order: a view reads only from earlier ones, so one pass drops whole chains.
  std::vector<ViewObj> views;
  Objects kept = o;
  kept.views.clear();
  for (const auto& v : o.views) {
    if (gone(v.name)) continue;
    const auto columns = RelationColumns(base, kept, v.from);
    if (!columns) continue;
    auto type_of = [&](const std::string& n) -> std::optional<std::string> {
      for (const auto& [name, type] : *columns)
        if (name == n) return type;
      return std::nullopt;
    };
    bool ok = v.where_column.empty() || type_of(v.where_column).has_value();
    for (const auto& vc : v.columns) {
      const auto type = type_of(vc.column);
      if (!type) ok = false;
      if (!vc.function.name.empty() && (type != "integer" || !has_function(vc.function, false)))
        ok = false;
    }
    if (ok) kept.views.push_back(v);
  }
  o.views = std::move(kept.views);
  std::erase_if(o.triggers, [&](const TriggerObj& t) {
    return !base.tables.count(t.table) || !has_function(t.function, true);
  });
  std::erase_if(o.policies, [&](const PolicyObj& p) {
    auto t = base.tables.find(p.table);
    return t == base.tables.end() || t->second.FindColumn(p.column) == nullptr;
  });
  std::erase_if(o.rls, [&](const auto& t) { return !base.tables.count(t); });
  std::erase_if(o.forced, [&](const auto& t) { return !base.tables.count(t); });
}

std::optional<std::pair<QualifiedName, std::string>> ObjectGen::ColumnUnderView(const Catalog& base,
                                                                                const Objects& o) {
  std::vector<std::pair<QualifiedName, std::string>> out;
  for (const auto& v : o.views)
    for (const auto& vc : v.columns)
      if (vc.function.name.empty())
        if (auto origin = Origin(base, o, v.from, vc.column))
          if (base.tables.at(origin->first).FindColumn(origin->second)) out.push_back(*origin);
  if (out.empty()) return std::nullopt;
  return Pick(out);
}

std::set<std::pair<QualifiedName, std::string>> ObjectGen::Pinned(const Objects& o) {
  // Without the base catalog, a view's source that is no view is taken as a table.
  std::set<std::pair<QualifiedName, std::string>> out;
  std::function<void(const QualifiedName&, const std::string&)> pin =
      [&](const QualifiedName& rel, const std::string& column) {
        const auto* v = Find(o.views, rel);
        if (v == nullptr) {
          out.insert({rel, column});
          return;
        }
        for (const auto& vc : v->columns)
          if (vc.alias == column && vc.function.name.empty()) pin(v->from, vc.column);
      };
  for (const auto& v : o.views)
    for (const auto& vc : v.columns)
      if (!vc.function.name.empty()) pin(v.from, vc.column);
  return out;
}

}  // namespace keel::proptest
