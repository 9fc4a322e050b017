// CREATE SCHEMA, ALTER TABLE and COMMENT ON: statements that shape or annotate existing objects.
#include <algorithm>

#include "model/normalize.h"
#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

int StatisticsTarget(const PgQuery__AlterTableCmd* cmd) {
  const Node* n = cmd->def;
  return n != nullptr && n->node_case == PG_QUERY__NODE__NODE_INTEGER ? n->integer->ival : -1;
}

void AlterColumn(Ctx& ctx, model::Table& table, PgQuery__AlterTableCmd* cmd) {
  std::string name = cmd->name != nullptr ? cmd->name : "";
  model::Column* col = table.FindColumn(name);
  if (col == nullptr) {
    ctx.Error(-1,
              "column \"" + name + "\" of relation " + table.name.Display() + " does not exist");
    return;
  }
  switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
      col->default_expr = cmd->def != nullptr ? ctx.DefaultExpr(cmd->def) : model::Expr();
      break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
      col->not_null = true;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
      col->not_null = false;
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      col->statistics = StatisticsTarget(cmd);
      break;
    default:
      break;
  }
}

const char* AlterActionName(PgQuery__AlterTableType type) {
  switch (type) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
      return "DROP COLUMN";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
      return "DROP CONSTRAINT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
      return "ALTER COLUMN TYPE";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
      return "ATTACH PARTITION";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
      return "ADD GENERATED AS IDENTITY";
    default: {
      // The parser's own name for the action ("AT_SetStorage"): better than nothing.
      const ProtobufCEnumValue* v =
          protobuf_c_enum_descriptor_get_value(&pg_query__alter_table_type__descriptor, type);
      return v != nullptr ? v->name : "this action";
    }
  }
}

model::Constraint* FindConstraint(model::Table& table, const std::string& name) {
  for (auto& c : table.constraints)
    if (c.name == name) return &c;
  // An unnamed constraint is named by the server as it is created, so a later statement may
  // already use that name; it is pinned here rather than chosen by Normalize().
  for (auto& c : table.constraints) {
    if (c.name.empty() && model::DefaultConstraintName(table, c) == name) {
      c.name = name;
      c.name_generated = true;
      return &c;
    }
  }
  return nullptr;
}

// ALTER TABLE parent ATTACH PARTITION child FOR VALUES ... / DETACH PARTITION child.
void AttachPartition(Ctx& ctx, model::Table& parent, PgQuery__AlterTableCmd* cmd) {
  if (cmd->def == nullptr || cmd->def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD) return;
  PgQuery__PartitionCmd* part = cmd->def->partition_cmd;
  model::QualifiedName name = RangeVarName(part->name);
  auto it = ctx.catalog().tables.find(name);
  if (it == ctx.catalog().tables.end()) {
    ctx.Error(-1, "table " + name.Display() + " does not exist");
    return;
  }
  model::Table& child = it->second;
  if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition) {
    child.partition_of = {};
    child.partition_bound.clear();
    return;
  }
  child.partition_of = parent.name;
  child.partition_bound = part->bound != nullptr ? PartitionBound(part->bound, {}) : "";
}

void SetOptions(Ctx& ctx, model::Table& table, PgQuery__AlterTableCmd* cmd) {
  if (cmd->def == nullptr || cmd->def->node_case != PG_QUERY__NODE__NODE_LIST) return;
  bool reset = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions;
  auto items = StorageOptions(ctx, cmd->def->list->items, cmd->def->list->n_items, reset);
  auto key = [](const std::string& option) { return option.substr(0, option.find('=')); };
  for (const auto& item : items) {
    std::erase_if(table.options, [&](const std::string& o) { return key(o) == key(item); });
    if (!reset) table.options.push_back(item);
  }
  std::sort(table.options.begin(), table.options.end());
}

// ALTER INDEX parent ATTACH PARTITION child: recorded, resolved once every file is read (the
// parent may back a constraint, the child be created later). False for other ALTER INDEX.
bool AttachIndexPartitions(Ctx& ctx, PgQuery__AlterTableStmt* stmt, std::vector<IndexAttach>& out) {
  if (stmt->n_cmds == 0 || stmt->cmds[0]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
      stmt->cmds[0]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition)
    return false;
  model::QualifiedName parent = RangeVarName(stmt->relation);
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    const Node* node = stmt->cmds[i];
    if (node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
    const PgQuery__AlterTableCmd* cmd = node->alter_table_cmd;
    if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition || cmd->def == nullptr ||
        cmd->def->node_case != PG_QUERY__NODE__NODE_PARTITION_CMD) {
      ctx.Error(-1, "unsupported ALTER INDEX action: ATTACH PARTITION with other actions");
      return true;
    }
    out.push_back({parent, RangeVarName(cmd->def->partition_cmd->name), ctx.Loc(-1)});
  }
  return true;
}

}  // namespace

void TransformCreateSchema(Ctx& ctx, PgQuery__CreateSchemaStmt* stmt) {
  std::string name = stmt->schemaname != nullptr ? stmt->schemaname : "";
  if (name.empty() || stmt->n_schema_elts > 0) {
    ctx.Error(-1, name.empty() ? "unsupported statement: CREATE SCHEMA AUTHORIZATION"
                               : "unsupported statement: CREATE SCHEMA with schema elements");
    return;
  }
  if (auto it = ctx.catalog().schemas.find(name); it != ctx.catalog().schemas.end()) {
    if (!stmt->if_not_exists)
      ctx.Error(-1, "schema " + name + " is already defined at " + it->second.loc.ToString());
    return;
  }
  model::Schema schema;
  schema.name = name;
  schema.loc = ctx.Loc(-1);
  ctx.catalog().schemas.emplace(name, std::move(schema));
}

// ENABLE [ALWAYS | REPLICA] / DISABLE TRIGGER name: a state of the trigger, which needs only
// the trigger (introspection reads triggers without their tables). False for other actions.
bool TriggerState(Ctx& ctx, const model::QualifiedName& table, PgQuery__AlterTableCmd* cmd) {
  char state = 0;
  switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
      state = 'O';
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
      state = 'A';
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
      state = 'R';
      break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
      state = 'D';
      break;
    default:
      return false;
  }
  std::string name = cmd->name != nullptr ? cmd->name : "";
  auto it = ctx.catalog().triggers.find({table, name});
  if (it == ctx.catalog().triggers.end())
    ctx.Error(-1, "trigger \"" + name + "\" for table " + table.Display() + " does not exist");
  else
    it->second.enabled = state;
  return true;
}

void TransformAlterTable(Ctx& ctx, PgQuery__AlterTableStmt* stmt) {
  model::QualifiedName name = RangeVarName(stmt->relation);
  bool only_triggers = stmt->n_cmds > 0;
  for (size_t i = 0; i < stmt->n_cmds && only_triggers; ++i)
    only_triggers = stmt->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
                    TriggerState(ctx, name, stmt->cmds[i]->alter_table_cmd);
  if (only_triggers) return;
  auto it = ctx.catalog().tables.find(name);
  if (it == ctx.catalog().tables.end()) {
    if (!stmt->missing_ok) ctx.Error(-1, "table " + name.Display() + " does not exist");
    return;
  }
  model::Table& table = it->second;
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    if (stmt->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
    PgQuery__AlterTableCmd* cmd = stmt->cmds[i]->alter_table_cmd;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          PgQuery__ColumnDef* def = cmd->def->column_def;
          if (cmd->missing_ok && def->colname != nullptr && table.FindColumn(def->colname))
            break;  // ADD COLUMN IF NOT EXISTS
          AddColumn(ctx, table, def);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
          AddTableConstraint(ctx, table, cmd->def->constraint);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        AlterColumn(ctx, table, cmd);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
        model::Constraint* c = FindConstraint(table, cmd->name != nullptr ? cmd->name : "");
        if (c == nullptr)
          ctx.Error(-1, "constraint \"" + std::string(cmd->name ? cmd->name : "") +
                            "\" of relation " + table.name.Display() + " does not exist");
        else
          c->not_valid = false;
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
        table.rls_enabled = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
        table.rls_forced = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        break;  // ownership is not part of the schema keel manages
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        AttachPartition(ctx, table, cmd);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
        table.unlogged = cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
        SetOptions(ctx, table, cmd);
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
          model::QualifiedName parent = RangeVarName(cmd->def->range_var);
          std::erase(table.inherits, parent);
          if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit)
            table.inherits.push_back(parent);
        }
        break;
      default:
        ctx.Error(-1,
                  std::string("unsupported ALTER TABLE action: ") + AlterActionName(cmd->subtype));
        return;
    }
  }
}

void TransformAlterIndex(Ctx& ctx, PgQuery__AlterTableStmt* stmt,
                         std::vector<IndexAttach>& attaches) {
  if (AttachIndexPartitions(ctx, stmt, attaches)) return;
  model::QualifiedName name = RangeVarName(stmt->relation);
  auto it = ctx.catalog().indexes.find(name);
  if (it == ctx.catalog().indexes.end()) {
    if (!stmt->missing_ok) ctx.Error(-1, "index " + name.Display() + " does not exist");
    return;
  }
  for (size_t i = 0; i < stmt->n_cmds; ++i) {
    if (stmt->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
    PgQuery__AlterTableCmd* cmd = stmt->cmds[i]->alter_table_cmd;
    if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics && cmd->num > 0) {
      int target = StatisticsTarget(cmd);
      if (target == -1)
        it->second.statistics.erase(cmd->num);
      else
        it->second.statistics[cmd->num] = target;
    } else if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner) {
      ctx.Error(-1,
                std::string("unsupported ALTER INDEX action: ") + AlterActionName(cmd->subtype));
      return;
    }
  }
}

void TransformComment(Ctx& ctx, PgQuery__CommentStmt* stmt) {
  if (TransformTypeComment(ctx, stmt)) return;
  if (CommentOnDefinition(ctx, stmt)) return;
  if (TransformPolicyComment(ctx, stmt)) return;
  std::optional<std::string> text;
  if (stmt->comment != nullptr) text = stmt->comment;
  std::vector<std::string> names;
  if (stmt->object != nullptr && stmt->object->node_case == PG_QUERY__NODE__NODE_LIST)
    names = NameList(stmt->object->list->items, stmt->object->list->n_items);
  else if (stmt->object != nullptr)
    names = {StrVal(stmt->object)};
  auto& cat = ctx.catalog();
  auto missing = [&](const std::string& what) { ctx.Error(-1, what + " does not exist"); };
  switch (stmt->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
      std::string name = names.empty() ? "" : names[0];
      auto it = cat.schemas.find(name);
      if (it == cat.schemas.end() && model::Catalog::IsBuiltinSchema(name))
        it = cat.schemas.emplace(name, model::Schema{name, std::nullopt, ctx.Loc(-1)}).first;
      if (it == cat.schemas.end()) return missing("schema " + name);
      it->second.comment = text;
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
      auto qn = QualifiedFromList(names);
      auto it = cat.tables.find(qn);
      if (it == cat.tables.end()) return missing("table " + qn.Display());
      it->second.comment = text;
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
      auto qn = QualifiedFromList(names);
      auto it = cat.indexes.find(qn);
      if (it == cat.indexes.end()) return missing("index " + qn.Display());
      it->second.comment = text;
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: {
      auto qn = QualifiedFromList(names);
      auto it = cat.views.find(qn);
      if (it == cat.views.end()) return missing("view " + qn.Display());
      it->second.comment = text;
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
      auto qn = QualifiedFromList(names);
      auto it = cat.sequences.find(qn);
      if (it == cat.sequences.end()) return missing("sequence " + qn.Display());
      it->second.comment = text;
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
      if (names.size() < 2) return missing("object");
      std::string member = names.back();
      names.pop_back();
      auto qn = QualifiedFromList(names);
      auto it = cat.tables.find(qn);
      if (it == cat.tables.end()) return missing("table " + qn.Display());
      if (stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
        model::Column* col = it->second.FindColumn(member);
        if (col == nullptr) return missing("column \"" + member + "\" of relation " + qn.Display());
        col->comment = text;
      } else {
        model::Constraint* c = FindConstraint(it->second, member);
        if (c == nullptr)
          return missing("constraint \"" + member + "\" of relation " + qn.Display());
        c->comment = text;
      }
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
      return CommentOnFunction(ctx, stmt);
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
      return CommentOnTrigger(ctx, stmt);
    default:
      ctx.Error(-1, "unsupported statement: COMMENT ON this kind of object");
  }
}

}  // namespace keel::parser::postgres
