// CREATE TABLE: columns (with serial expansion) and column / table constraints.
#include <algorithm>

#include "model/default_schema.h"
#include "model/normalize.h"
#include "parser/postgres/expr.h"
#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

std::string CharField(const char* s, char fallback) {
  return std::string(1, s != nullptr && s[0] != '\0' ? s[0] : fallback);
}

std::vector<std::string> KeyNames(Node* const* items, size_t n) {
  return NameList(items, n);  // constraint keys are String nodes
}

// Fills what every constraint kind shares; the caller sets the local columns.
bool FillConstraint(Ctx& ctx, PgQuery__Constraint* con, model::Constraint& c) {
  c.name = con->conname != nullptr ? con->conname : "";
  c.loc = ctx.Loc(con->location);
  c.deferrable = con->deferrable;
  c.initially_deferred = con->initdeferred;
  c.not_valid = con->skip_validation;
  switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      c.kind = model::ConstraintKind::kPrimaryKey;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      c.kind = model::ConstraintKind::kUnique;
      c.nulls_not_distinct = con->nulls_not_distinct;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      c.kind = model::ConstraintKind::kCheck;
      c.check_expr = ctx.Expr(con->raw_expr);
      c.no_inherit = con->is_no_inherit;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      c.kind = model::ConstraintKind::kForeignKey;
      c.ref_table = RangeVarName(con->pktable);
      c.ref_columns = KeyNames(con->pk_attrs, con->n_pk_attrs);
      c.on_update = CharField(con->fk_upd_action, 'a')[0];
      c.on_delete = CharField(con->fk_del_action, 'a')[0];
      c.match = CharField(con->fk_matchtype, 's')[0];
      if (con->n_fk_del_set_cols > 0) {
        ctx.Error(con->location, "unsupported: ON DELETE SET NULL/DEFAULT with a column list");
        return false;
      }
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: {
      c.kind = model::ConstraintKind::kExclude;
      Exclusion e = ExclusionOf(con, *ctx.unit.parsed.arena);
      c.definition = std::move(e.definition);
      c.columns = std::move(e.names);
      break;
    }
    default:
      ctx.Error(con->location, "unsupported constraint");
      return false;
  }
  bool named_index = con->indexname != nullptr && con->indexname[0] != '\0';
  bool tablespace = con->indexspace != nullptr && con->indexspace[0] != '\0';
  bool including = con->n_including > 0 && c.kind != model::ConstraintKind::kExclude;
  if (named_index || tablespace || including || con->n_options > 0) {
    ctx.Error(con->location, "unsupported constraint option: INCLUDE / WITH / USING INDEX");
    return false;
  }
  return true;
}

// serial, serial4, bigserial, ... -> the integer type behind it, or "".
std::string SerialType(const PgQuery__TypeName* type) {
  if (type->n_names != 1 || type->n_array_bounds > 0) return "";
  std::string name = StrVal(type->names[0]);
  if (name == "serial" || name == "serial4") return "integer";
  if (name == "bigserial" || name == "serial8") return "bigint";
  if (name == "smallserial" || name == "serial2") return "smallint";
  return "";
}

// The owned sequence the server creates for a serial column, named like ChooseRelationName().
void ExpandSerial(Ctx& ctx, model::Table& table, model::Column& col, const std::string& type) {
  model::QualifiedName seq_name{table.name.schema, ""};
  for (int pass = 0;; ++pass) {
    std::string label = pass == 0 ? "seq" : "seq" + std::to_string(pass);
    seq_name.name = model::MakeObjectName(table.name.name, col.name, label);
    if (ctx.catalog().sequences.count(seq_name) == 0 && ctx.catalog().tables.count(seq_name) == 0)
      break;
  }
  model::Sequence seq;
  seq.name = seq_name;
  seq.type = type;
  seq.owned_by_table = table.name;
  seq.owned_by_column = col.name;
  seq.loc = col.loc;
  ctx.catalog().sequences.emplace(seq_name, seq);
  // The server omits the default schema (the head of search_path) inside the regclass literal.
  std::string regclass =
      seq_name.schema == model::DefaultSchema() ? model::QuoteIdent(seq_name.name) : seq_name.Sql();
  col.type = type;
  col.not_null = true;
  std::string nextval = "nextval(" + model::QuoteLiteral(regclass) + "::regclass)";
  col.default_expr = model::Expr(nextval, CanonicalExpr(nextval).value_or(nextval));
}

void ApplyConstraintAttr(Ctx& ctx, model::Table& table, PgQuery__Constraint* con) {
  if (table.constraints.empty()) {
    ctx.Error(con->location, "misplaced DEFERRABLE / INITIALLY clause");
    return;
  }
  model::Constraint& last = table.constraints.back();
  switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
      last.deferrable = true;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
      last.deferrable = false;
      break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
      last.initially_deferred = true;
      last.deferrable = true;
      break;
    default:
      last.initially_deferred = false;
      break;
  }
}

void MarkPrimaryKeyNotNull(model::Table& table) {
  for (const auto& c : table.constraints) {
    if (c.kind != model::ConstraintKind::kPrimaryKey) continue;
    for (const auto& name : c.columns)
      if (auto* col = table.FindColumn(name)) col->not_null = true;
  }
}

// One CREATE TABLE gets one index for key constraints over the same columns ("PRIMARY KEY
// UNIQUE"): the server keeps the primary key, else the first, and an unnamed survivor takes
// the name of a named duplicate.
void DropRedundantKeys(model::Table& table) {
  auto is_key = [](const model::Constraint& c) {
    return c.kind == model::ConstraintKind::kPrimaryKey || c.kind == model::ConstraintKind::kUnique;
  };
  auto same = [](const model::Constraint& a, const model::Constraint& b) {
    return a.columns == b.columns && a.deferrable == b.deferrable &&
           a.initially_deferred == b.initially_deferred &&
           a.nulls_not_distinct == b.nulls_not_distinct;
  };
  std::vector<size_t> kept;
  for (size_t i = 0; i < table.constraints.size(); ++i)
    if (table.constraints[i].kind == model::ConstraintKind::kPrimaryKey) kept.push_back(i);
  std::vector<bool> drop(table.constraints.size(), false);
  for (size_t i = 0; i < table.constraints.size(); ++i) {
    auto& c = table.constraints[i];
    if (!is_key(c) || (!kept.empty() && kept.front() == i)) continue;
    auto prior = std::find_if(kept.begin(), kept.end(),
                              [&](size_t k) { return same(table.constraints[k], c); });
    if (prior == kept.end()) {
      kept.push_back(i);
      continue;
    }
    if (table.constraints[*prior].name.empty()) table.constraints[*prior].name = c.name;
    drop[i] = true;
  }
  std::vector<model::Constraint> out;
  for (size_t i = 0; i < table.constraints.size(); ++i)
    if (!drop[i]) out.push_back(std::move(table.constraints[i]));
  table.constraints = std::move(out);
}

}  // namespace

void AddColumn(Ctx& ctx, model::Table& table, PgQuery__ColumnDef* def) {
  model::Column col;
  col.name = def->colname != nullptr ? def->colname : "";
  col.loc = ctx.Loc(def->location);
  col.renamed_from = ctx.RenameHint(def->location);
  if (table.FindColumn(col.name) != nullptr) {
    ctx.Error(def->location, "column \"" + col.name + "\" specified more than once");
    return;
  }
  std::string serial = def->type_name != nullptr ? SerialType(def->type_name) : "";
  if (!serial.empty())
    ExpandSerial(ctx, table, col, serial);
  else if (def->type_name != nullptr)
    col.type = TypeNameToString(def->type_name);
  col.not_null = col.not_null || def->is_not_null;
  if (def->coll_clause != nullptr)
    col.collation = CatalogName(NameList(def->coll_clause->collname, def->coll_clause->n_collname));
  size_t first_constraint = table.constraints.size();
  for (size_t i = 0; i < def->n_constraints; ++i) {
    Node* node = def->constraints[i];
    if (node->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
    PgQuery__Constraint* con = node->constraint;
    switch (con->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        col.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: {
        // The server stores no default for DEFAULT NULL.
        col.default_expr = ctx.DefaultExpr(con->raw_expr);
        break;
      }
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        col.identity = CharField(con->generated_when, 'a') == "d" ? model::Identity::kByDefault
                                                                  : model::Identity::kAlways;
        col.not_null = true;
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        col.generated = ctx.Expr(con->raw_expr);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
      case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
        if (table.constraints.size() == first_constraint)
          ctx.Error(con->location, "misplaced DEFERRABLE / INITIALLY clause");
        else
          ApplyConstraintAttr(ctx, table, con);
        break;
      default: {
        model::Constraint c;
        if (!FillConstraint(ctx, con, c)) break;
        if (c.kind != model::ConstraintKind::kCheck) c.columns = {col.name};
        if (c.kind == model::ConstraintKind::kPrimaryKey) col.not_null = true;
        table.constraints.push_back(std::move(c));
      }
    }
  }
  table.columns.push_back(std::move(col));
}

void AddTableConstraint(Ctx& ctx, model::Table& table, PgQuery__Constraint* con) {
  switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
      ApplyConstraintAttr(ctx, table, con);
      return;
    default:
      break;
  }
  model::Constraint c;
  if (!FillConstraint(ctx, con, c)) return;
  if (c.kind == model::ConstraintKind::kForeignKey)
    c.columns = KeyNames(con->fk_attrs, con->n_fk_attrs);
  else if (c.kind != model::ConstraintKind::kCheck && c.kind != model::ConstraintKind::kExclude)
    c.columns = KeyNames(con->keys, con->n_keys);
  if (!c.name.empty() && table.FindConstraint(c.name) != nullptr) {
    ctx.Error(con->location, "constraint \"" + c.name + "\" for relation " + table.name.Display() +
                                 " already exists");
    return;
  }
  table.constraints.push_back(std::move(c));
  MarkPrimaryKeyNotNull(table);
}

void TransformCreateTable(Ctx& ctx, PgQuery__CreateStmt* stmt) {
  const char* feature = nullptr;
  if (stmt->of_typename != nullptr) feature = "OF type";
  std::string persistence = CharField(stmt->relation->relpersistence, 'p');
  if (persistence == "t") feature = "TEMPORARY";
  if (feature != nullptr) {
    ctx.Error(-1, std::string("unsupported statement: CREATE TABLE … ") + feature);
    return;
  }
  model::Table table;
  table.name = RangeVarName(stmt->relation);
  table.unlogged = persistence == "u";
  if (stmt->partspec != nullptr)
    table.partition_by = PartitionKey(stmt->partspec, *ctx.unit.parsed.arena);
  for (size_t i = 0; i < stmt->n_inh_relations; ++i) {
    const Node* parent = stmt->inh_relations[i];
    if (parent->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) continue;
    if (stmt->partbound != nullptr)
      table.partition_of = RangeVarName(parent->range_var);
    else
      table.inherits.push_back(RangeVarName(parent->range_var));
  }
  // Spelled for the parent's key types once every file is read (ResolveInheritance).
  if (stmt->partbound != nullptr) table.partition_bound = PartitionBound(stmt->partbound, {});
  table.options = StorageOptions(ctx, stmt->options, stmt->n_options, false);
  table.loc = ctx.Loc(-1);
  table.renamed_from = ctx.RenameHint(-1);
  if (auto it = ctx.catalog().tables.find(table.name); it != ctx.catalog().tables.end()) {
    if (!stmt->if_not_exists)
      ctx.Error(-1, "table " + table.name.Display() + " is already defined at " +
                        it->second.loc.ToString());
    return;
  }
  for (size_t i = 0; i < stmt->n_table_elts; ++i) {
    Node* elt = stmt->table_elts[i];
    if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      AddColumn(ctx, table, elt->column_def);
    } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      AddTableConstraint(ctx, table, elt->constraint);
    } else {
      ctx.Error(-1, "unsupported table element: LIKE");
    }
  }
  for (size_t i = 0; i < stmt->n_constraints; ++i)
    if (stmt->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
      AddTableConstraint(ctx, table, stmt->constraints[i]->constraint);
  DropRedundantKeys(table);
  MarkPrimaryKeyNotNull(table);
  ctx.catalog().tables.emplace(table.name, std::move(table));
}

}  // namespace keel::parser::postgres
