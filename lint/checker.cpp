#include "lint/checker.h"

#include <algorithm>

namespace keel::lint {

namespace pg = parser::postgres;
using planner::HazardCode;
using planner::Severity;

namespace {

// Rules whose cost grows with the table: a tiny table makes them harmless, a large one worse.
bool ScalesWithTable(HazardCode code) {
  switch (code) {
    case HazardCode::kVolatileDefault:
    case HazardCode::kAddGeneratedColumn:
    case HazardCode::kIndexNotConcurrent:
    case HazardCode::kReindexNotConcurrent:
    case HazardCode::kConstraintWithoutNotValid:
    case HazardCode::kAddUniqueConstraint:
    case HazardCode::kAddExclusionConstraint:
    case HazardCode::kValidateInTransaction:
    case HazardCode::kColumnTypeRewrite:
    case HazardCode::kSetNotNull:
    case HazardCode::kRewriteCommand:
    case HazardCode::kBackfillUnderLock:
      return true;
    default:
      return false;
  }
}

// Below both limits a rewrite or scan takes milliseconds.
constexpr int64_t kTinyRows = 10000;
constexpr int64_t kTinyBytes = 1 << 20;
// From either limit on, a rewrite or scan takes minutes.
constexpr int64_t kLargeRows = 1000000;
constexpr int64_t kLargeBytes = int64_t{1} << 30;

}  // namespace

std::string NotNullTestColumn(const Node* expr) {
  if (expr == nullptr || expr->node_case != PG_QUERY__NODE__NODE_NULL_TEST) return "";
  const PgQuery__NullTest* t = expr->null_test;
  if (t->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL || t->arg == nullptr ||
      t->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
    return "";
  const PgQuery__ColumnRef* ref = t->arg->column_ref;
  return ref->n_fields == 1 ? pg::StrVal(ref->fields[0]) : "";
}

Checker::Checker(const parser::SourceManager& sm, const Options& options, std::vector<Raw>& out)
    : sm_(sm), options_(options), out_(out), in_tx_(options.in_transaction) {}

void Checker::Statement(Node* stmt, size_t index, size_t offset) {
  statement_ = index;
  offset_ = offset;
  switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
      return CreateTable(stmt->create_stmt);
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT: {
      const PgQuery__RefreshMatViewStmt* r = stmt->refresh_mat_view_stmt;
      QName view = pg::RangeVarName(r->relation);
      if (r->concurrent || created_.count(view)) return;
      if (options_.schema != nullptr && !options_.schema->views.count(view)) return;
      Report(HazardCode::kRefreshNotConcurrent, -1,
             "REFRESH MATERIALIZED VIEW " + view.Display() + " without CONCURRENTLY");
      NeedsLockTimeout(view);
      return;
    }
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      // Its rows are new and nobody else uses the table (or materialized view) yet: nothing
      // needs an online pattern.
      if (stmt->create_table_as_stmt->into && stmt->create_table_as_stmt->into->rel)
        created_.insert(pg::RangeVarName(stmt->create_table_as_stmt->into->rel));
      return;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
      return AlterTable(stmt->alter_table_stmt);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
      return CreateIndex(stmt->index_stmt);
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return Drop(stmt->drop_stmt);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
      return Rename(stmt->rename_stmt);
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
      return Transaction(stmt->transaction_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      return SetVariable(stmt->variable_set_stmt);
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      return SelectSetConfig(stmt->select_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      return CreateEnum(stmt->create_enum_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      return AlterEnum(stmt->alter_enum_stmt);
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
      return Vacuum(stmt->vacuum_stmt);
    case PG_QUERY__NODE__NODE_REINDEX_STMT:
      return Reindex(stmt->reindex_stmt);
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      created_domains_.insert(pg::QualifiedFromList(pg::NameList(
          stmt->create_domain_stmt->domainname, stmt->create_domain_stmt->n_domainname)));
      return;
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
      return AlterDomain(stmt->alter_domain_stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return Update(stmt->update_stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return Delete(stmt->delete_stmt);
    case PG_QUERY__NODE__NODE_CLUSTER_STMT: {
      const PgQuery__RangeVar* rv = stmt->cluster_stmt->relation;
      if (rv == nullptr) {
        Report(HazardCode::kRewriteCommand, -1, "CLUSTER of every clustered table");
        return;
      }
      QName table = pg::RangeVarName(rv);
      if (IsNew(table)) return;
      Report(HazardCode::kRewriteCommand, -1, "CLUSTER rewrites " + table.Display(), &table);
      NeedsLockTimeout(table);
      return;
    }
    case PG_QUERY__NODE__NODE_DROPDB_STMT:
      Report(HazardCode::kDropDatabase, -1,
             std::string("DROP DATABASE ") + stmt->dropdb_stmt->dbname);
      return;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
      // SHARE ROW EXCLUSIVE on the table: brief, but it queues like any blocking lock.
      QName table = pg::RangeVarName(stmt->create_trig_stmt->relation);
      if (!IsNew(table)) NeedsLockTimeout(table);
      return;
    }
    default:
      return;
  }
}

const model::Table* Checker::SchemaTable(const QName& table) const {
  if (options_.schema == nullptr) return nullptr;
  auto r = renamed_.find(table);
  auto t = options_.schema->tables.find(r != renamed_.end() ? r->second : table);
  return t == options_.schema->tables.end() ? nullptr : &t->second;
}

bool Checker::IsNew(const QName& table) const {
  auto r = renamed_.find(table);
  const QName& original = r != renamed_.end() ? r->second : table;
  if (created_.count(original) || created_.count(table)) return true;
  return options_.schema != nullptr && SchemaTable(table) == nullptr;
}

void Checker::Report(HazardCode code, int location, std::string message, const QName* table) {
  Severity severity = planner::Info(code).severity;
  if (options_.has_stats && table && ScalesWithTable(code)) {
    if (const model::Table* t = SchemaTable(*table); t && t->total_bytes >= 0) {
      if (t->est_rows < kTinyRows && t->total_bytes < kTinyBytes) {
        severity = Severity::kInfo;
        message += " (tiny table: " + std::to_string(std::max<int64_t>(t->est_rows, 0)) +
                   " rows, " + std::to_string(t->total_bytes / 1024) + " kB)";
      } else if (t->est_rows >= kLargeRows || t->total_bytes >= kLargeBytes) {
        severity = std::max(severity, Severity::kHigh);
        message += " (large table: about " + std::to_string(t->est_rows) + " rows)";
      }
    }
  }
  size_t offset = location >= 0 ? static_cast<size_t>(location) : offset_;
  out_.push_back({statement_, {code, severity, sm_.Locate(offset), std::move(message)}});
}

void Checker::NeedsLockTimeout(const QName& table) {
  if (LockTimeoutSet() || lock_timeout_reported_) return;
  lock_timeout_reported_ = true;
  Report(HazardCode::kMissingLockTimeout, -1,
         "first statement that locks " + table.Display() + " with no lock_timeout set");
}

void Checker::OutsideTransaction(const std::string& what) {
  if (in_tx_)
    Report(HazardCode::kConcurrentlyInTransaction, -1,
           what + " inside a transaction block" +
               (options_.in_transaction ? " (--in-transaction: the tool's own)" : ""));
}

std::optional<std::vector<std::string>> Checker::EnumValues(const QName& type) const {
  if (auto e = enums_.find(type); e != enums_.end()) return e->second;
  if (options_.schema != nullptr)
    if (auto e = options_.schema->enums.find(type); e != options_.schema->enums.end())
      return e->second.values;
  return std::nullopt;
}

model::Expr Checker::Expr(Node* node) {
  std::string sql = pg::DeparseExpr(node);
  return model::Expr(std::move(sql), pg::CanonicalNode(node, arena_));
}

}  // namespace keel::lint
