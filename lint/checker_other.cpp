// Indexes, drops, renames, enums, transactions, lock_timeout, maintenance commands, DML.
#include <algorithm>
#include <cctype>

#include "lint/checker.h"

namespace keel::lint {

namespace pg = parser::postgres;
using planner::HazardCode;

namespace {

QName ListName(Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_LIST) return {};
  return pg::QualifiedFromList(pg::NameList(node->list->items, node->list->n_items));
}

bool HasOption(Node* const* options, size_t n, const char* name) {
  for (size_t i = 0; i < n; ++i)
    if (options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
        std::string(options[i]->def_elem->defname) == name)
      return true;
  return false;
}

// A lock_timeout value that disables the timeout: 0, '0', '0s', '0ms'.
bool DisablesTimeout(const Node* arg) {
  if (arg == nullptr || arg->node_case != PG_QUERY__NODE__NODE_A_CONST) return false;
  const PgQuery__AConst* c = arg->a_const;
  if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL) return c->ival->ival == 0;
  if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
    // The number before the unit: '0', '0s', '0ms' all disable it.
    std::string v = c->sval->sval;
    size_t digits = v.find_first_not_of("0123456789.");
    std::string number = v.substr(0, digits);
    return !number.empty() && number.find_first_not_of("0.") == std::string::npos;
  }
  return false;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void Checker::CreateIndex(PgQuery__IndexStmt* stmt) {
  const QName table = pg::RangeVarName(stmt->relation);
  if (stmt->idxname != nullptr && *stmt->idxname)
    created_indexes_.insert({table.schema, stmt->idxname});
  if (stmt->concurrent) {
    OutsideTransaction("CREATE INDEX CONCURRENTLY");
    return;
  }
  // ON ONLY a partitioned parent only records an invalid index there (its partitions' indexes
  // are built CONCURRENTLY and attached): nothing to build, nothing blocked.
  if (IsNew(table) || (stmt->relation && !stmt->relation->inh)) return;
  const model::Table* t = SchemaTable(table);
  // A partitioned parent cannot build CONCURRENTLY: its partitions can, then ON ONLY + ATTACH.
  const bool partitioned = t && !t->partition_by.empty();
  Report(HazardCode::kIndexNotConcurrent, -1,
         std::string("CREATE ") + (stmt->unique ? "UNIQUE " : "") + "INDEX" +
             (stmt->idxname && *stmt->idxname ? std::string(" ") + stmt->idxname : "") + " on " +
             table.Display() + " without CONCURRENTLY" +
             (partitioned ? " (partitioned: build each partition's index CONCURRENTLY, then "
                            "CREATE INDEX ON ONLY the parent and ALTER INDEX ... ATTACH "
                            "PARTITION each)"
                          : ""),
         &table);
  NeedsLockTimeout(table);
}

void Checker::Drop(PgQuery__DropStmt* stmt) {
  for (size_t i = 0; i < stmt->n_objects; ++i) {
    const QName name = ListName(stmt->objects[i]);
    switch (stmt->remove_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        if (IsNew(name)) break;
        Report(HazardCode::kDropTable, -1, "DROP TABLE " + name.Display());
        NeedsLockTimeout(name);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
        if (stmt->concurrent) {
          OutsideTransaction("DROP INDEX CONCURRENTLY");
          break;
        }
        if (created_indexes_.count(name)) break;
        QName table;
        if (options_.schema != nullptr) {
          auto idx = options_.schema->indexes.find(name);
          if (idx == options_.schema->indexes.end()) break;  // not there before: nothing to lock
          table = idx->second.table;
          if (IsNew(table)) break;
          // DROP INDEX CONCURRENTLY cannot drop a partitioned index: only the timeout applies.
          if (const model::Table* t = SchemaTable(table); t && !t->partition_by.empty()) {
            NeedsLockTimeout(table);
            break;
          }
        }
        Report(HazardCode::kDropIndexNotConcurrent, -1,
               "DROP INDEX " + name.Display() + " without CONCURRENTLY");
        NeedsLockTimeout(table.name.empty() ? name : table);
        break;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        if (stmt->objects[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
          const PgQuery__TypeName* t = stmt->objects[i]->type_name;
          QName type = pg::QualifiedFromList(pg::NameList(t->names, t->n_names));
          replaced_enums_[type] = EnumValues(type);
          enums_.erase(type);
        }
        break;
      default:
        break;
    }
  }
}

void Checker::Rename(PgQuery__RenameStmt* stmt) {
  const std::string to = stmt->newname != nullptr ? stmt->newname : "";
  switch (stmt->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
      if (stmt->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) return;
      QName table = pg::RangeVarName(stmt->relation);
      if (IsNew(table)) return;
      Report(HazardCode::kRenameColumn, -1,
             "RENAME COLUMN " + table.Display() + "." + stmt->subname + " TO " + to);
      NeedsLockTimeout(table);
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
      QName table = pg::RangeVarName(stmt->relation);
      QName renamed{table.schema, to};
      const bool is_new = IsNew(table);
      auto r = renamed_.find(table);
      renamed_[renamed] = r != renamed_.end() ? r->second : table;
      if (created_.count(table)) created_.insert(renamed);
      if (is_new) return;
      Report(HazardCode::kRenameTable, -1, "RENAME " + table.Display() + " TO " + to);
      NeedsLockTimeout(table);
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
      QName type = ListName(stmt->object);
      if (auto values = EnumValues(type); values || options_.schema == nullptr) {
        replaced_enums_[type] = values;
        if (values) enums_[{type.schema, to}] = *values;
        enums_.erase(type);
      }
      return;
    }
    default:
      return;
  }
}

void Checker::Transaction(PgQuery__TransactionStmt* stmt) {
  switch (stmt->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
      if (in_tx_)
        Report(HazardCode::kTransactionNesting, -1,
               std::string("BEGIN inside a transaction") +
                   (options_.in_transaction ? " (--in-transaction: the tool's own)" : ""));
      in_tx_ = true;
      return;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
      if (stmt->chain) return;
      in_tx_ = false;
      lock_timeout_local_ = false;
      tx_not_valid_.clear();
      tx_locked_.clear();
      return;
    default:
      return;
  }
}

void Checker::SetVariable(PgQuery__VariableSetStmt* stmt) {
  const std::string name = stmt->name != nullptr ? stmt->name : "";
  if (stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL) {
    lock_timeout_ = lock_timeout_local_ = false;
    return;
  }
  if (name != "lock_timeout") return;
  bool on = stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && stmt->n_args > 0 &&
            !DisablesTimeout(stmt->args[0]);
  if (stmt->is_local)
    lock_timeout_local_ = on;
  else
    lock_timeout_ = lock_timeout_local_ = on;
}

// SELECT set_config('lock_timeout', '2s', is_local).
void Checker::SelectSetConfig(PgQuery__SelectStmt* stmt) {
  if (stmt->n_target_list != 1 || stmt->n_from_clause > 0) return;
  const Node* val = stmt->target_list[0]->res_target->val;
  if (val == nullptr || val->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return;
  const PgQuery__FuncCall* f = val->func_call;
  if (f->n_funcname == 0 || pg::StrVal(f->funcname[f->n_funcname - 1]) != "set_config" ||
      f->n_args != 3)
    return;
  const Node* name = f->args[0];
  if (name->node_case != PG_QUERY__NODE__NODE_A_CONST ||
      name->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
      std::string(name->a_const->sval->sval) != "lock_timeout")
    return;
  const bool on = !DisablesTimeout(f->args[1]);
  const Node* local = f->args[2];
  const bool is_local = local->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                        local->a_const->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL &&
                        local->a_const->boolval->boolval;
  if (is_local)
    lock_timeout_local_ = on;
  else
    lock_timeout_ = lock_timeout_local_ = on;
}

void Checker::CreateEnum(PgQuery__CreateEnumStmt* stmt) {
  const QName type = pg::QualifiedFromList(pg::NameList(stmt->type_name, stmt->n_type_name));
  const std::vector<std::string> values = pg::NameList(stmt->vals, stmt->n_vals);
  if (auto old = replaced_enums_.find(type); old != replaced_enums_.end()) {
    if (!old->second) {
      Report(HazardCode::kEnumValueRemoval, -1,
             "recreates enum " + type.Display() +
                 "; its old values are unknown (pass --schema or --db to compare them)");
    } else {
      std::vector<std::string> removed;
      for (const auto& v : *old->second)
        if (std::find(values.begin(), values.end(), v) == values.end()) removed.push_back(v);
      if (!removed.empty())
        Report(HazardCode::kEnumValueRemoval, -1,
               "recreates enum " + type.Display() + " without " + Join(removed));
    }
    replaced_enums_.erase(old);
  }
  enums_[type] = values;
}

void Checker::AlterEnum(PgQuery__AlterEnumStmt* stmt) {
  const QName type = pg::QualifiedFromList(pg::NameList(stmt->type_name, stmt->n_type_name));
  if (stmt->old_val != nullptr && *stmt->old_val) return;  // RENAME VALUE
  if (auto values = EnumValues(type)) {
    values->push_back(stmt->new_val);
    enums_[type] = *values;
  }
}

void Checker::Vacuum(PgQuery__VacuumStmt* stmt) {
  if (!stmt->is_vacuumcmd) return;
  OutsideTransaction("VACUUM");
  if (!HasOption(stmt->options, stmt->n_options, "full")) return;
  if (stmt->n_rels == 0) {
    Report(HazardCode::kRewriteCommand, -1, "VACUUM FULL of every table");
    return;
  }
  for (size_t i = 0; i < stmt->n_rels; ++i) {
    if (stmt->rels[i]->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION) continue;
    const QName table = pg::RangeVarName(stmt->rels[i]->vacuum_relation->relation);
    if (IsNew(table)) continue;
    Report(HazardCode::kRewriteCommand, -1, "VACUUM FULL rewrites " + table.Display(), &table);
    NeedsLockTimeout(table);
  }
}

void Checker::Reindex(PgQuery__ReindexStmt* stmt) {
  const bool concurrently = HasOption(stmt->params, stmt->n_params, "concurrently");
  const bool single = stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX ||
                      stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE;
  if (concurrently || !single)
    OutsideTransaction("REINDEX" + std::string(concurrently ? " CONCURRENTLY" : ""));
  if (concurrently) return;
  std::string what =
      stmt->relation ? pg::RangeVarName(stmt->relation).Display() : (stmt->name ? stmt->name : "");
  if (stmt->relation && stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE &&
      IsNew(pg::RangeVarName(stmt->relation)))
    return;
  if (stmt->relation && stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
      created_indexes_.count(pg::RangeVarName(stmt->relation)))
    return;
  QName table;
  if (stmt->relation && stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE)
    table = pg::RangeVarName(stmt->relation);
  Report(HazardCode::kReindexNotConcurrent, -1, "REINDEX " + what + " without CONCURRENTLY",
         table.name.empty() ? nullptr : &table);
}

void Checker::Update(PgQuery__UpdateStmt* stmt) {
  const QName table = pg::RangeVarName(stmt->relation);
  if (in_tx_ && tx_locked_.count(table) && !IsNew(table))
    Report(HazardCode::kBackfillUnderLock, -1,
           "UPDATE " + table.Display() + " in the transaction that altered it", &table);
}

// A domain's constraint holds for every column of that type: adding one checks them all.
void Checker::AlterDomain(PgQuery__AlterDomainStmt* stmt) {
  const QName domain = pg::QualifiedFromList(pg::NameList(stmt->type_name, stmt->n_type_name));
  if (created_domains_.count(domain) ||
      (options_.schema != nullptr && !options_.schema->domains.count(domain)))
    return;
  const std::string subtype = stmt->subtype != nullptr ? stmt->subtype : "";
  if (subtype == "C" && stmt->def && stmt->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
      stmt->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK &&
      !stmt->def->constraint->skip_validation)
    Report(HazardCode::kConstraintWithoutNotValid, stmt->def->constraint->location,
           "ALTER DOMAIN " + domain.Display() +
               " ADD CHECK without NOT VALID checks every column of the domain");
  else if (subtype == "O")
    Report(HazardCode::kSetNotNull, -1,
           "ALTER DOMAIN " + domain.Display() +
               " SET NOT NULL checks every column of the domain under lock");
}

void Checker::Delete(PgQuery__DeleteStmt* stmt) {
  const QName table = pg::RangeVarName(stmt->relation);
  if (table.name == "pg_enum" && (table.schema == "pg_catalog" || table.schema == "public"))
    Report(HazardCode::kEnumValueRemoval, -1, "DELETE FROM pg_enum");
}

}  // namespace keel::lint
