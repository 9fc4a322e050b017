// CREATE TYPE (enum, composite), CREATE DOMAIN, CREATE EXTENSION, ALTER TYPE ... ADD VALUE,
// ALTER DOMAIN ADD CONSTRAINT, and COMMENT ON TYPE / DOMAIN / EXTENSION.
#include <algorithm>

#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

std::string Collation(const PgQuery__CollateClause* clause) {
  if (clause == nullptr) return "";
  return CatalogName(NameList(clause->collname, clause->n_collname));
}

bool TypeExists(const model::Catalog& c, const model::QualifiedName& qn) {
  return c.enums.count(qn) || c.domains.count(qn) || c.composites.count(qn) || c.tables.count(qn);
}

// The server names an unnamed domain CHECK <domain>_check, then _check1, _check2...
std::string CheckName(const model::Domain& d) {
  std::string base = d.name.name + "_check";
  for (int n = 0;; ++n) {
    std::string name = n == 0 ? base : base + std::to_string(n);
    if (std::none_of(d.constraints.begin(), d.constraints.end(),
                     [&](const auto& c) { return c.name == name; }))
      return name;
  }
}

bool AddDomainConstraint(Ctx& ctx, model::Domain& d, PgQuery__Constraint* con) {
  switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
      d.not_null = false;
      return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      d.not_null = true;
      return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
      d.default_expr = ctx.DefaultExpr(con->raw_expr);
      return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
      model::DomainConstraint c;
      c.name = con->conname != nullptr && *con->conname ? con->conname : CheckName(d);
      c.check = ctx.Expr(con->raw_expr);
      d.constraints.push_back(std::move(c));
      std::sort(d.constraints.begin(), d.constraints.end(),
                [](const auto& a, const auto& b) { return a.name < b.name; });
      return true;
    }
    default:
      ctx.Error(con->location, "unsupported domain constraint");
      return false;
  }
}

template <typename Map>
auto FindType(Map& map, Node* const* names, size_t n) {
  return map.find(QualifiedFromList(NameList(names, n)));
}

}  // namespace

void TransformCreateEnum(Ctx& ctx, PgQuery__CreateEnumStmt* stmt) {
  model::Enum e;
  e.name = QualifiedFromList(NameList(stmt->type_name, stmt->n_type_name));
  e.loc = ctx.Loc(-1);
  if (TypeExists(ctx.catalog(), e.name))
    return ctx.Error(-1, "type " + e.name.Display() + " is already defined");
  for (size_t i = 0; i < stmt->n_vals; ++i) e.values.push_back(StrVal(stmt->vals[i]));
  ctx.catalog().enums.emplace(e.name, std::move(e));
}

void TransformCreateComposite(Ctx& ctx, PgQuery__CompositeTypeStmt* stmt) {
  model::CompositeType t;
  t.name = RangeVarName(stmt->typevar);
  t.loc = ctx.Loc(-1);
  if (TypeExists(ctx.catalog(), t.name))
    return ctx.Error(-1, "type " + t.name.Display() + " is already defined");
  for (size_t i = 0; i < stmt->n_coldeflist; ++i) {
    if (stmt->coldeflist[i]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    PgQuery__ColumnDef* def = stmt->coldeflist[i]->column_def;
    t.attributes.push_back(
        {def->colname, TypeNameToString(def->type_name), Collation(def->coll_clause)});
  }
  ctx.catalog().composites.emplace(t.name, std::move(t));
}

void TransformCreateDomain(Ctx& ctx, PgQuery__CreateDomainStmt* stmt) {
  model::Domain d;
  d.name = QualifiedFromList(NameList(stmt->domainname, stmt->n_domainname));
  d.loc = ctx.Loc(-1);
  if (TypeExists(ctx.catalog(), d.name))
    return ctx.Error(-1, "type " + d.name.Display() + " is already defined");
  d.base_type = TypeNameToString(stmt->type_name);
  d.collation = Collation(stmt->coll_clause);
  for (size_t i = 0; i < stmt->n_constraints; ++i) {
    if (stmt->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
    if (!AddDomainConstraint(ctx, d, stmt->constraints[i]->constraint)) return;
  }
  ctx.catalog().domains.emplace(d.name, std::move(d));
}

void TransformCreateExtension(Ctx& ctx, PgQuery__CreateExtensionStmt* stmt) {
  model::Extension e;
  e.name = stmt->extname;
  e.loc = ctx.Loc(-1);
  for (size_t i = 0; i < stmt->n_options; ++i) {
    if (stmt->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    PgQuery__DefElem* opt = stmt->options[i]->def_elem;
    std::string name = opt->defname != nullptr ? opt->defname : "";
    if (name == "schema")
      e.schema = StrVal(opt->arg);
    else if (name == "new_version")
      e.version = StrVal(opt->arg);
    else if (name != "cascade")
      return ctx.Error(opt->location, "unsupported extension option: " + name);
  }
  auto& exts = ctx.catalog().extensions;
  if (auto it = exts.find(e.name); it != exts.end()) {
    if (!stmt->if_not_exists)
      ctx.Error(-1, "extension " + e.name + " is already defined at " + it->second.loc.ToString());
    return;
  }
  exts.emplace(e.name, std::move(e));
}

void TransformAlterEnum(Ctx& ctx, PgQuery__AlterEnumStmt* stmt) {
  auto it = FindType(ctx.catalog().enums, stmt->type_name, stmt->n_type_name);
  const auto qn = QualifiedFromList(NameList(stmt->type_name, stmt->n_type_name));
  if (it == ctx.catalog().enums.end())
    return ctx.Error(-1, "enum type " + qn.Display() + " does not exist");
  auto no_label = [&](const std::string& label) {
    ctx.Error(-1, "enum " + qn.Display() + " has no label \"" + label + "\"");
  };
  auto& values = it->second.values;
  std::string value = stmt->new_val != nullptr ? stmt->new_val : "";
  if (stmt->old_val != nullptr && *stmt->old_val) {
    auto old = std::find(values.begin(), values.end(), std::string(stmt->old_val));
    if (old == values.end()) return no_label(stmt->old_val);
    *old = value;
    return;
  }
  if (std::find(values.begin(), values.end(), value) != values.end()) {
    if (!stmt->skip_if_new_val_exists)
      ctx.Error(-1, "enum " + qn.Display() + " already has label \"" + value + "\"");
    return;
  }
  auto pos = values.end();
  if (stmt->new_val_neighbor != nullptr && *stmt->new_val_neighbor) {
    pos = std::find(values.begin(), values.end(), std::string(stmt->new_val_neighbor));
    if (pos == values.end()) return no_label(stmt->new_val_neighbor);
    if (stmt->new_val_is_after) ++pos;
  }
  values.insert(pos, value);
}

void TransformAlterDomain(Ctx& ctx, PgQuery__AlterDomainStmt* stmt) {
  auto it = FindType(ctx.catalog().domains, stmt->type_name, stmt->n_type_name);
  if (it == ctx.catalog().domains.end()) {
    auto qn = QualifiedFromList(NameList(stmt->type_name, stmt->n_type_name));
    return ctx.Error(-1, "domain " + qn.Display() + " does not exist");
  }
  model::Domain& d = it->second;
  std::string sub = stmt->subtype != nullptr ? stmt->subtype : "";
  if (sub == "C" && stmt->def != nullptr &&
      stmt->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
    AddDomainConstraint(ctx, d, stmt->def->constraint);
  } else if (sub == "T") {
    d.default_expr = stmt->def != nullptr ? ctx.DefaultExpr(stmt->def) : model::Expr();
  } else if (sub == "N") {
    d.not_null = false;
  } else if (sub == "O") {
    d.not_null = true;
  } else if (sub == "X") {
    std::erase_if(d.constraints, [&](const auto& c) { return c.name == stmt->name; });
  } else if (sub != "V") {
    ctx.Error(-1, "unsupported statement: ALTER DOMAIN");
  }
}

bool TransformTypeComment(Ctx& ctx, PgQuery__CommentStmt* stmt) {
  std::optional<std::string> text;
  if (stmt->comment != nullptr) text = stmt->comment;
  auto& cat = ctx.catalog();
  if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION) {
    auto it = cat.extensions.find(StrVal(stmt->object));
    if (it == cat.extensions.end())
      ctx.Error(-1, "extension " + StrVal(stmt->object) + " does not exist");
    else
      it->second.comment = text;
    return true;
  }
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE &&
      stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
    return false;
  if (stmt->object == nullptr || stmt->object->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
    return false;
  const PgQuery__TypeName* tn = stmt->object->type_name;
  auto qn = QualifiedFromList(NameList(tn->names, tn->n_names));
  if (auto it = cat.enums.find(qn); it != cat.enums.end()) {
    it->second.comment = text;
  } else if (auto d = cat.domains.find(qn); d != cat.domains.end()) {
    d->second.comment = text;
  } else if (auto c = cat.composites.find(qn); c != cat.composites.end()) {
    c->second.comment = text;
  } else {
    ctx.Error(-1, "type " + qn.Display() + " does not exist");
  }
  return true;
}

}  // namespace keel::parser::postgres
