// CREATE [CONSTRAINT] TRIGGER. The live side parses pg_get_triggerdef through this same code.
#include <string>
#include <vector>

#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

// Bits of pg_trigger.tgtype, as CreateTrigStmt carries them.
constexpr int kTriggerBefore = 1 << 1;
constexpr int kTriggerInsert = 1 << 2;
constexpr int kTriggerDelete = 1 << 3;
constexpr int kTriggerUpdate = 1 << 4;
constexpr int kTriggerTruncate = 1 << 5;
constexpr int kTriggerInstead = 1 << 6;

}  // namespace

void TransformCreateTrigger(Ctx& ctx, PgQuery__CreateTrigStmt* stmt) {
  model::Trigger t;
  t.name = stmt->trigname;
  t.table = RangeVarName(stmt->relation);
  t.loc = ctx.Loc(-1);
  t.timing = stmt->timing & kTriggerBefore    ? "BEFORE"
             : stmt->timing & kTriggerInstead ? "INSTEAD OF"
                                              : "AFTER";
  if (stmt->events & kTriggerInsert) t.events.push_back("INSERT");
  if (stmt->events & kTriggerDelete) t.events.push_back("DELETE");
  if (stmt->events & kTriggerUpdate) t.events.push_back("UPDATE");
  if (stmt->events & kTriggerTruncate) t.events.push_back("TRUNCATE");
  t.update_columns = NameList(stmt->columns, stmt->n_columns);
  t.for_each_row = stmt->row;
  if (stmt->when_clause != nullptr) t.when = ctx.Expr(stmt->when_clause);
  t.function = QualifiedFromList(NameList(stmt->funcname, stmt->n_funcname));
  for (size_t i = 0; i < stmt->n_args; ++i) {
    const Node* a = stmt->args[i];
    if (a->node_case == PG_QUERY__NODE__NODE_STRING) {
      t.function_args.push_back(StrVal(a));
    } else if (a->node_case == PG_QUERY__NODE__NODE_INTEGER) {
      t.function_args.push_back(std::to_string(a->integer->ival));
    } else if (a->node_case == PG_QUERY__NODE__NODE_FLOAT) {
      t.function_args.push_back(a->float_->fval);
    }
  }
  t.constraint = stmt->isconstraint;
  t.deferrable = stmt->deferrable;
  t.initially_deferred = stmt->initdeferred;
  if (stmt->constrrel != nullptr)
    return ctx.Error(-1, "unsupported: CREATE CONSTRAINT TRIGGER … FROM");
  for (size_t i = 0; i < stmt->n_transition_rels; ++i) {
    const Node* n = stmt->transition_rels[i];
    if (n->node_case != PG_QUERY__NODE__NODE_TRIGGER_TRANSITION) continue;
    (n->trigger_transition->is_new ? t.new_table : t.old_table) = n->trigger_transition->name;
  }
  auto& triggers = ctx.catalog().triggers;
  model::TriggerKey key{t.table, t.name};
  if (triggers.count(key) && !stmt->replace)
    return ctx.Error(
        -1, "trigger \"" + t.name + "\" for relation " + t.table.Display() + " already exists");
  triggers[key] = std::move(t);
}

// COMMENT ON TRIGGER name ON table.
void CommentOnTrigger(Ctx& ctx, PgQuery__CommentStmt* stmt) {
  std::vector<std::string> names;
  if (stmt->object != nullptr && stmt->object->node_case == PG_QUERY__NODE__NODE_LIST)
    names = NameList(stmt->object->list->items, stmt->object->list->n_items);
  if (names.size() < 2) return ctx.Error(-1, "trigger does not exist");
  std::string name = names.back();
  names.pop_back();
  model::QualifiedName table = QualifiedFromList(names);
  auto it = ctx.catalog().triggers.find({table, name});
  if (it == ctx.catalog().triggers.end())
    return ctx.Error(-1,
                     "trigger \"" + name + "\" for table " + table.Display() + " does not exist");
  if (stmt->comment != nullptr)
    it->second.comment = std::string(stmt->comment);
  else
    it->second.comment.reset();
}

}  // namespace keel::parser::postgres
