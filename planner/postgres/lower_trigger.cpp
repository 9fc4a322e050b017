#include "model/default_schema.h"
#include "planner/postgres/lower_routines.h"
#include "planner/postgres/lower_util.h"
#include "planner/sql_builder.h"

namespace keel::planner::postgres {
namespace {

using diff::ColumnId;
using diff::FunctionId;
using diff::TableId;
using diff::TriggerId;

std::string Target(const model::Trigger& t) {
  return "TRIGGER " + model::QuoteIdent(t.name) + " ON " + t.table.Sql();
}

std::string DropSql(const model::Trigger& t) { return "DROP " + Target(t); }

// ALTER TABLE ... ENABLE [ALWAYS | REPLICA] / DISABLE TRIGGER for the trigger's firing mode.
std::string StateSql(const model::Trigger& t) {
  const char* how = t.enabled == 'A'   ? "ENABLE ALWAYS"
                    : t.enabled == 'R' ? "ENABLE REPLICA"
                    : t.enabled == 'D' ? "DISABLE"
                                       : "ENABLE";
  return "ALTER TABLE " + t.table.Sql() + " " + how + " TRIGGER " + model::QuoteIdent(t.name);
}

Step TriggerStep(const model::Trigger& t, std::string description, int rank, LockLevel lock) {
  Step s = MakeStep(TriggerId(t.table, t.name), std::move(description), rank, lock);
  s.lock_table = t.table.Display();
  return s;
}

}  // namespace

std::vector<std::string> TriggerUses(const model::Trigger& t) {
  std::vector<std::string> ids = {TableId(t.table), FunctionId(t.function)};
  for (const auto& c : t.update_columns) ids.push_back(ColumnId(t.table, c));
  return ids;
}

std::vector<std::string> CreateTriggerSql(const model::Trigger& t) {
  std::string sql = std::string("CREATE ") + (t.constraint ? "CONSTRAINT " : "") + "TRIGGER " +
                    model::QuoteIdent(t.name) + " " + t.timing + " ";
  for (size_t i = 0; i < t.events.size(); ++i) {
    if (i > 0) sql += " OR ";
    sql += t.events[i];
    if (t.events[i] == "UPDATE" && !t.update_columns.empty()) {
      sql += " OF ";
      for (size_t j = 0; j < t.update_columns.size(); ++j)
        sql += (j > 0 ? ", " : "") + model::QuoteIdent(t.update_columns[j]);
    }
  }
  sql += " ON " + t.table.Sql();
  if (t.deferrable) sql += t.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  if (!t.old_table.empty() || !t.new_table.empty()) {
    sql += " REFERENCING";
    if (!t.old_table.empty()) sql += " OLD TABLE AS " + model::QuoteIdent(t.old_table);
    if (!t.new_table.empty()) sql += " NEW TABLE AS " + model::QuoteIdent(t.new_table);
  }
  sql += t.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (!t.when.empty()) sql += " WHEN (" + t.when.sql + ")";
  // An unqualified name in a file may be a built-in (tsvector_update_trigger): it resolves
  // through the search path, as it did there.
  sql += " EXECUTE FUNCTION " +
         (t.function.schema == model::DefaultSchema() ? model::QuoteIdent(t.function.name)
                                                      : t.function.Sql()) +
         "(";
  for (size_t i = 0; i < t.function_args.size(); ++i)
    sql += (i > 0 ? ", " : "") + model::QuoteLiteral(t.function_args[i]);
  sql += ")";
  std::vector<std::string> out = {sql};
  if (t.enabled != 'O') out.push_back(StateSql(t));
  if (t.comment) out.push_back(sql::Comment(Target(t), t.comment));
  return out;
}

std::vector<Step> LowerTriggerChange(const diff::RoutineChange& change, const LowerContext&) {
  const std::string description = diff::DescribeRoutineChange(change);
  if (const auto* c = std::get_if<diff::CreateTrigger>(&change.change)) {
    const auto& t = c->trigger;
    Step s = TriggerStep(t, description, kRankCreateTrigger, LockLevel::kShareRowExclusive);
    s.sql = CreateTriggerSql(t);
    s.rollback_sql = {DropSql(t)};
    s.provides = {TriggerId(t.table, t.name)};
    s.needs = TriggerUses(t);
    return {s};
  }
  if (const auto* c = std::get_if<diff::DropTrigger>(&change.change)) {
    const auto& t = c->trigger;
    Step s = TriggerStep(t, description, kRankDropTrigger, LockLevel::kAccessExclusive);
    s.sql = {DropSql(t)};
    s.rollback_sql = CreateTriggerSql(t);
    s.removes = {TriggerId(t.table, t.name)};
    s.releases = TriggerUses(t);
    return {s};
  }
  const auto& r = std::get<diff::ReplaceTrigger>(change.change);
  model::Trigger same_mode = r.from;
  same_mode.enabled = r.to.enabled;
  if (same_mode.SameDefinition(r.to)) {
    // Only the firing mode changed: no need to recreate the trigger.
    Step s = TriggerStep(r.to, description, kRankCreateTrigger, LockLevel::kShareRowExclusive);
    s.sql = {StateSql(r.to)};
    s.rollback_sql = {StateSql(r.from)};
    // The diff reports a replaced trigger's comment with the trigger, not apart.
    if (r.from.comment != r.to.comment) {
      s.sql.push_back(sql::Comment(Target(r.to), r.to.comment));
      s.rollback_sql.push_back(sql::Comment(Target(r.from), r.from.comment));
    }
    s.needs = {TriggerId(r.to.table, r.to.name)};
    return {s};
  }
  // Drop and create in one transaction: no moment without the trigger.
  Step s = TriggerStep(r.to, description, kRankCreateTrigger, LockLevel::kAccessExclusive);
  s.sql = {DropSql(r.from)};
  for (auto& q : CreateTriggerSql(r.to)) s.sql.push_back(q);
  s.rollback_sql = {DropSql(r.to)};
  for (auto& q : CreateTriggerSql(r.from)) s.rollback_sql.push_back(q);
  s.provides = {TriggerId(r.to.table, r.to.name)};
  s.needs = TriggerUses(r.to);
  for (auto& id : TriggerUses(r.from))
    if (id.starts_with("column:")) s.releases.push_back(id);
  return {s};
}

}  // namespace keel::planner::postgres
