// CREATE TABLE and ALTER TABLE: columns, constraints, type changes, NOT NULL.
#include <set>

#include "lint/checker.h"
#include "planner/postgres/column_rules.h"

namespace keel::lint {

namespace pg = parser::postgres;
using planner::HazardCode;

namespace {

std::string TypeBase(const PgQuery__TypeName* type) {
  if (type == nullptr || type->n_names == 0) return "";
  return pg::StrVal(type->names[type->n_names - 1]);
}

bool IsSerial(const std::string& base) {
  static const std::set<std::string> names = {"serial",  "serial4",     "bigserial",
                                              "serial8", "smallserial", "serial2"};
  return names.count(base) > 0;
}

// int and smallint, and the serials behind them.
bool IsNarrowInteger(const std::string& base) {
  static const std::set<std::string> names = {"int4",    "int2",        "serial",  "serial4",
                                              "serial2", "smallserial", "integer", "smallint"};
  return names.count(base) > 0;
}

const PgQuery__Constraint* FindConstraint(const PgQuery__ColumnDef* def, PgQuery__ConstrType t) {
  for (size_t i = 0; i < def->n_constraints; ++i)
    if (def->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
        def->constraints[i]->constraint->contype == t)
      return def->constraints[i]->constraint;
  return nullptr;
}

std::string ConstraintName(const PgQuery__Constraint* con) {
  return con->conname != nullptr && *con->conname ? con->conname : "";
}

std::string Named(const std::string& what, const std::string& name) {
  return name.empty() ? what : what + " " + name;
}

}  // namespace

void Checker::TypeRules(const PgQuery__TypeName* type, const std::string& column) {
  if (type == nullptr) return;
  const std::string base = TypeBase(type);
  const int at = type->location;
  if ((base == "varchar" && type->n_typmods > 0) || base == "bpchar")
    Report(HazardCode::kPreferText, at,
           "column " + column + " is " + pg::TypeNameToString(type) + "; text fits");
  else if (base == "timestamp")
    Report(HazardCode::kPreferTimestamptz, at,
           "column " + column + " is timestamp without time zone");
  else if (base == "json")
    Report(HazardCode::kPreferJsonb, at, "column " + column + " is json");
  else if (IsSerial(base))
    Report(HazardCode::kPreferIdentity, at, "column " + column + " is " + base);
}

void Checker::IntPrimaryKey(const PgQuery__TypeName* type, const std::string& column,
                            int location) {
  if (type != nullptr && IsNarrowInteger(TypeBase(type)))
    Report(HazardCode::kIntPrimaryKey, location,
           "primary key column " + column + " is " + pg::TypeNameToString(type));
}

void Checker::CreateTable(PgQuery__CreateStmt* stmt) {
  const QName table = pg::RangeVarName(stmt->relation);
  created_.insert(table);
  std::map<std::string, const PgQuery__TypeName*> types;
  for (size_t i = 0; i < stmt->n_table_elts; ++i) {
    Node* elt = stmt->table_elts[i];
    if (elt->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    PgQuery__ColumnDef* def = elt->column_def;
    types[def->colname] = def->type_name;
    TypeRules(def->type_name, def->colname);
    if (FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY))
      IntPrimaryKey(def->type_name, def->colname, def->location);
  }
  for (size_t i = 0; i < stmt->n_table_elts; ++i) {
    Node* elt = stmt->table_elts[i];
    if (elt->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
        elt->constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
      continue;
    for (size_t k = 0; k < elt->constraint->n_keys; ++k) {
      std::string column = pg::StrVal(elt->constraint->keys[k]);
      if (auto t = types.find(column); t != types.end())
        IntPrimaryKey(t->second, column, elt->constraint->location);
    }
  }
}

void Checker::AlterTable(PgQuery__AlterTableStmt* stmt) {
  if (stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || stmt->relation == nullptr) return;
  const QName table = pg::RangeVarName(stmt->relation);
  const bool existing = !IsNew(table);
  bool blocks = false;  // some subcommand takes a lock that blocks reads or writes
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    if (stmt->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
    PgQuery__AlterTableCmd* cmd = stmt->cmds[i]->alter_table_cmd;
    const std::string column = cmd->name != nullptr ? cmd->name : "";
    if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint) blocks = true;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
          AddColumn(table, cmd->def->column_def);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
          AddConstraint(table, cmd->def->constraint);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
          AlterColumnType(table, column, cmd->def->column_def);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        SetNotNull(table, column, "SET NOT NULL on " + table.Display() + "." + column);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
            cmd->def->partition_cmd->concurrent)
          OutsideTransaction("DETACH PARTITION CONCURRENTLY");
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
        auto key = std::make_pair(table, column);
        if (tx_not_valid_.count(key))
          Report(HazardCode::kValidateInTransaction, -1,
                 "VALIDATE CONSTRAINT " + column + " in the transaction that added it", &table);
        if (auto c = not_null_checks_.find(key); c != not_null_checks_.end())
          c->second.second = true;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        if (existing)
          Report(HazardCode::kDropColumn, -1, "DROP COLUMN " + table.Display() + "." + column);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
        if (existing)
          Report(HazardCode::kRewriteCommand, -1,
                 cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace
                     ? "SET TABLESPACE moves every page of " + table.Display()
                     : "SET LOGGED/UNLOGGED rewrites " + table.Display(),
                 &table);
        break;
      default:
        break;
    }
  }
  if (existing && blocks) NeedsLockTimeout(table);
  if (in_tx_ && blocks) tx_locked_.insert(table);
}

void Checker::AddColumn(const QName& table, PgQuery__ColumnDef* def) {
  const std::string column = def->colname != nullptr ? def->colname : "";
  const std::string where = table.Display() + "." + column;
  TypeRules(def->type_name, column);
  if (auto pk = FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY))
    IntPrimaryKey(def->type_name, column, pk->location);
  if (IsNew(table)) return;
  const auto* def_con = FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT);
  const auto* generated = FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED);
  const auto* identity = FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY);
  const bool serial = IsSerial(TypeBase(def->type_name));
  static const model::Catalog kNoSchema;
  const model::Catalog& schema = options_.schema ? *options_.schema : kNoSchema;
  if (serial || identity)
    Report(HazardCode::kVolatileDefault, def->location,
           "ADD COLUMN " + where + (serial ? " (serial: nextval() per row)" : " (identity)"),
           &table);
  else if (def_con && def_con->raw_expr &&
           planner::postgres::IsVolatile(Expr(def_con->raw_expr), schema))
    Report(HazardCode::kVolatileDefault, def_con->location,
           "ADD COLUMN " + where + " DEFAULT " + pg::DeparseExpr(def_con->raw_expr), &table);
  if (generated)
    Report(HazardCode::kAddGeneratedColumn, generated->location,
           "ADD COLUMN " + where + " GENERATED ... STORED", &table);
  const bool not_null = def->is_not_null ||
                        FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) ||
                        FindConstraint(def, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY);
  if (not_null && !def_con && !generated && !identity && !serial)
    Report(HazardCode::kAddingNotNullColumn, def->location,
           "ADD COLUMN " + where + " NOT NULL without a default");
  for (size_t i = 0; i < def->n_constraints; ++i) {
    if (def->constraints[i]->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
    const PgQuery__Constraint* con = def->constraints[i]->constraint;
    switch (con->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        Report(
            HazardCode::kAddUniqueConstraint, con->location,
            "ADD COLUMN " + where + " with an inline " +
                (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "PRIMARY KEY" : "UNIQUE"),
            &table);
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        Report(HazardCode::kConstraintWithoutNotValid, con->location,
               "ADD COLUMN " + where + " with an inline " +
                   (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? "CHECK" : "REFERENCES") +
                   " (an inline constraint cannot be NOT VALID)",
               &table);
        break;
      default:
        break;
    }
  }
}

void Checker::AddConstraint(const QName& table, PgQuery__Constraint* con) {
  const std::string name = ConstraintName(con);
  const bool existing = !IsNew(table);
  switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
      const bool check = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK;
      if (existing && !con->skip_validation)
        Report(HazardCode::kConstraintWithoutNotValid, con->location,
               Named(check ? "CHECK" : "FOREIGN KEY", name) + " on " + table.Display() +
                   " without NOT VALID",
               &table);
      if (con->skip_validation && in_tx_ && !name.empty()) tx_not_valid_.insert({table, name});
      if (check && !name.empty())
        if (std::string column = NotNullTestColumn(con->raw_expr); !column.empty())
          not_null_checks_[{table, name}] = {column, !con->skip_validation};
      break;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
      const bool pk = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
      if (existing && (con->indexname == nullptr || !*con->indexname))
        Report(HazardCode::kAddUniqueConstraint, con->location,
               Named(pk ? "PRIMARY KEY" : "UNIQUE", name) + " on " + table.Display() +
                   " without USING INDEX",
               &table);
      if (const model::Table* t = SchemaTable(table);
          pk && t && existing && con->indexname && *con->indexname) {
        // PRIMARY KEY USING INDEX sets NOT NULL on the index's columns, with the same scan.
        auto idx = options_.schema->indexes.find({table.schema, con->indexname});
        if (idx != options_.schema->indexes.end())
          for (const auto& key : idx->second.keys)
            if (const model::Column* c = t->FindColumn(key.expr.sql); c && !c->not_null)
              SetNotNull(table, c->name,
                         "PRIMARY KEY USING INDEX " + std::string(con->indexname) +
                             " sets NOT NULL on " + table.Display() + "." + c->name);
      }
      if (const model::Table* t = SchemaTable(table); pk && t) {
        for (size_t k = 0; k < con->n_keys; ++k) {
          std::string column = pg::StrVal(con->keys[k]);
          const model::Column* c = t->FindColumn(column);
          if (c && (c->type == "integer" || c->type == "smallint"))
            Report(HazardCode::kIntPrimaryKey, con->location,
                   "primary key column " + column + " is " + c->type);
        }
      }
      break;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
      if (existing)
        Report(HazardCode::kAddExclusionConstraint, con->location,
               Named("EXCLUDE", name) + " on " + table.Display(), &table);
      break;
    default:
      break;
  }
}

void Checker::AlterColumnType(const QName& table, const std::string& column,
                              PgQuery__ColumnDef* def) {
  TypeRules(def->type_name, column);
  if (IsNew(table) || def->type_name == nullptr) return;
  const std::string to = pg::TypeNameToString(def->type_name);
  const std::string where = table.Display() + "." + column;
  // USING the column itself, or cast to the new type (as keel plan writes it), is the same
  // conversion as no USING; any other expression is computed per row.
  Node* using_expr = def->raw_default;
  if (using_expr && using_expr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
      using_expr->type_cast->type_name &&
      pg::TypeNameToString(using_expr->type_cast->type_name) == to)
    using_expr = using_expr->type_cast->arg;
  const bool plain_using =
      using_expr == nullptr || (using_expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
                                using_expr->column_ref->n_fields == 1 &&
                                pg::StrVal(using_expr->column_ref->fields[0]) == column);
  const model::Table* t = SchemaTable(table);
  const model::Column* from = t ? t->FindColumn(column) : nullptr;
  if (from && plain_using &&
      (from->type == to || planner::postgres::IsBinaryCoercible(from->type, to)))
    return;
  std::string message = "ALTER COLUMN " + where + " TYPE " + to;
  if (from)
    message += " (from " + from->type + ")";
  else
    message += " (the current type is unknown: pass --schema or --db to tell a safe widening)";
  Report(HazardCode::kColumnTypeRewrite, def->type_name->location, message, &table);
}

void Checker::SetNotNull(const QName& table, const std::string& column, const std::string& what) {
  if (IsNew(table)) return;
  for (const auto& [key, check] : not_null_checks_)
    if (key.first == table && check.first == column && check.second) return;
  if (const model::Table* t = SchemaTable(table)) {
    for (const auto& c : t->constraints) {
      if (c.kind != model::ConstraintKind::kCheck || c.not_valid) continue;
      pg::ParsedSql parsed = pg::ParseSql("SELECT " + c.check_expr.sql);
      if (parsed.tree && parsed.tree->n_stmts == 1 &&
          parsed.tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
          NotNullTestColumn(
              parsed.tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val) == column)
        return;
    }
  }
  Report(HazardCode::kSetNotNull, -1,
         what + " with no validated CHECK (" + column + " IS NOT NULL) before it", &table);
}

}  // namespace keel::lint
