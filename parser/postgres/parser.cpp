// The driver: parses each file with libpg_query, runs the CREATE statements of every file, then
// folds in ALTERs and COMMENTs, so statement order across files does not matter.
#include "parser/postgres/parser.h"

#include <cctype>
#include <memory>

#include "parser/postgres/transform.h"
#include "parser/rename_hint.h"

namespace keel::parser::postgres {
namespace {

// Statement kinds for messages, as a user would spell them.
std::string StatementName(const Node* stmt, const std::string& text, size_t offset) {
  switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return "CREATE VIEW";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      return stmt->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW
                 ? "CREATE MATERIALIZED VIEW"
                 : "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      return stmt->create_function_stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
      return "CREATE TYPE";
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      return "CREATE DOMAIN";
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      return "CREATE EXTENSION";
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      return "CREATE TRIGGER";
    case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      return "CREATE POLICY";
    case PG_QUERY__NODE__NODE_GRANT_STMT:
      return stmt->grant_stmt->is_grant ? "GRANT" : "REVOKE";
    case PG_QUERY__NODE__NODE_DROP_STMT:
      return "DROP";
    default:
      break;
  }
  // Otherwise the leading keywords of the statement text, upper-cased.
  std::string out;
  int words = 0;
  size_t i = offset;
  while (i < text.size() && words < 2) {
    size_t start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) break;
    if (!out.empty()) out += ' ';
    for (size_t j = start; j < i; ++j)
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(text[j])));
    ++words;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (words == 1 && out != "CREATE" && out != "ALTER") break;
  }
  return out.empty() ? "statement" : out;
}

bool IsFuncNamed(const Node* node, const char* name) {
  if (node->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return false;
  const PgQuery__FuncCall* f = node->func_call;
  return f->n_funcname > 0 && StrVal(f->funcname[f->n_funcname - 1]) == name;
}

// SELECT f(...) [, f(...)] with no FROM, where every f is `name`.
bool IsSelectOf(const PgQuery__SelectStmt* s, const char* name) {
  if (s->n_target_list == 0 || s->n_from_clause > 0) return false;
  for (size_t i = 0; i < s->n_target_list; ++i) {
    const Node* t = s->target_list[i];
    if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || t->res_target->val == nullptr ||
        !IsFuncNamed(t->res_target->val, name))
      return false;
  }
  return true;
}

const char* DataStatementName(const Node* stmt) {
  switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
      return "INSERT";
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
      return "UPDATE";
    case PG_QUERY__NODE__NODE_DELETE_STMT:
      return "DELETE";
    case PG_QUERY__NODE__NODE_COPY_STMT:
      return "COPY";
    case PG_QUERY__NODE__NODE_MERGE_STMT:
      return "MERGE";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
      return "TRUNCATE";
    case PG_QUERY__NODE__NODE_SELECT_STMT:
      return IsSelectOf(stmt->select_stmt, "setval") ? "SELECT setval" : nullptr;
    default:
      return nullptr;
  }
}

bool OnlyOwnerChanges(const PgQuery__AlterTableStmt* s) {
  for (size_t i = 0; i < s->n_cmds; ++i) {
    const Node* c = s->cmds[i];
    if (c->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
        c->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
      return false;
  }
  return s->n_cmds > 0;
}

struct Pending {
  FileUnit* unit;
  size_t offset;
  Node* stmt;
};

class Driver {
 public:
  Driver(const ParseOptions& options) : options_(options) {}

  ParseResult Run(const std::vector<SourceFile>& files) {
    for (const auto& file : files) ParseFile(file);
    for (auto& p : alters_) {
      Ctx ctx{*p.unit, p.offset, out_};
      if (p.stmt->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
          p.stmt->alter_table_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
        TransformAlterIndex(ctx, p.stmt->alter_table_stmt, index_attaches_);
      else if (p.stmt->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT)
        TransformAlterTable(ctx, p.stmt->alter_table_stmt);
      else if (p.stmt->node_case == PG_QUERY__NODE__NODE_ALTER_ENUM_STMT)
        TransformAlterEnum(ctx, p.stmt->alter_enum_stmt);
      else if (p.stmt->node_case == PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT)
        TransformAlterDomain(ctx, p.stmt->alter_domain_stmt);
      else
        TransformAlterSequence(ctx, p.stmt->alter_seq_stmt);
    }
    for (auto& p : security_) {
      Ctx ctx{*p.unit, p.offset, out_};
      if (p.stmt->node_case == PG_QUERY__NODE__NODE_CREATE_POLICY_STMT)
        TransformCreatePolicy(ctx, p.stmt->create_policy_stmt);
      else if (p.stmt->node_case == PG_QUERY__NODE__NODE_ALTER_POLICY_STMT)
        TransformAlterPolicy(ctx, p.stmt->alter_policy_stmt);
      else
        TransformGrant(ctx, p.stmt->grant_stmt);
    }
    for (auto& p : comments_) {
      Ctx ctx{*p.unit, p.offset, out_};
      TransformComment(ctx, p.stmt->comment_stmt);
    }
    ResolveInheritance(out_.catalog, index_attaches_, out_.errors);
    if (data_count_ > 0) {
      first_data_.message = "ignored " + std::to_string(data_count_) + " data statement" +
                            (data_count_ == 1 ? "" : "s") +
                            " (INSERT/UPDATE/DELETE/COPY are not schema); the first is here";
      out_.warnings.push_back(first_data_);
    }
    return std::move(out_);
  }

 private:
  void ParseFile(const SourceFile& file) {
    units_.push_back(std::make_unique<FileUnit>(file));
    FileUnit& unit = *units_.back();
    // Statement offsets are found in the text the parser saw, where psql-only lines are blank.
    std::string sql = BlankPsqlOnlyLines(file.text);
    unit.parsed = ParseSql(sql);
    if (unit.parsed.tree == nullptr) {
      size_t offset = unit.parsed.cursorpos > 0 ? unit.parsed.cursorpos - 1 : 0;
      out_.errors.push_back(unit.sm.Error(offset, unit.parsed.error));
      return;
    }
    for (size_t i = 0; i < unit.parsed.tree->n_stmts; ++i) {
      PgQuery__RawStmt* raw = unit.parsed.tree->stmts[i];
      size_t offset = SkipTrivia(sql, static_cast<size_t>(std::max(raw->stmt_location, 0)));
      Statement(unit, offset, raw->stmt);
    }
  }

  void Statement(FileUnit& unit, size_t offset, Node* stmt) {
    Ctx ctx{unit, offset, out_};
    switch (stmt->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        return TransformCreateSchema(ctx, stmt->create_schema_stmt);
      case PG_QUERY__NODE__NODE_CREATE_STMT:
        return TransformCreateTable(ctx, stmt->create_stmt);
      case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return TransformCreateSequence(ctx, stmt->create_seq_stmt);
      case PG_QUERY__NODE__NODE_INDEX_STMT:
        return TransformCreateIndex(ctx, stmt->index_stmt);
      case PG_QUERY__NODE__NODE_VIEW_STMT:
        return TransformCreateView(ctx, stmt->view_stmt);
      case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        if (stmt->create_table_as_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) break;
        return TransformCreateMatview(ctx, stmt->create_table_as_stmt);
      case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        return TransformCreateFunction(ctx, stmt->create_function_stmt);
      case PG_QUERY__NODE__NODE_DEFINE_STMT:
        return TransformDefine(ctx, stmt->define_stmt);
      case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        return TransformCreateTrigger(ctx, stmt->create_trig_stmt);
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        if (OnlyOwnerChanges(stmt->alter_table_stmt)) return;  // pg_dump noise
        if (stmt->alter_table_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
            stmt->alter_table_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
          break;
        alters_.push_back({&unit, offset, stmt});
        return;
      case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        return TransformCreateEnum(ctx, stmt->create_enum_stmt);
      case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        return TransformCreateComposite(ctx, stmt->composite_type_stmt);
      case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        return TransformCreateDomain(ctx, stmt->create_domain_stmt);
      case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        return TransformCreateExtension(ctx, stmt->create_extension_stmt);
      case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
      case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        alters_.push_back({&unit, offset, stmt});
        return;
      case PG_QUERY__NODE__NODE_COMMENT_STMT:
        comments_.push_back({&unit, offset, stmt});
        return;
      case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
      case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
      case PG_QUERY__NODE__NODE_GRANT_STMT:
        security_.push_back({&unit, offset, stmt});
        return;
      // pg_dump preamble and transaction wrappers: not schema, nothing to warn about.
      case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
      case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
      case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        return;
      case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (IsSelectOf(stmt->select_stmt, "set_config")) return;
        break;
      default:
        break;
    }
    if (const char* data = DataStatementName(stmt)) {
      if (options_.strict) {
        ctx.Error(-1, std::string("data statement not allowed in schema files: ") + data);
      } else if (data_count_++ == 0) {
        first_data_ = unit.sm.Warning(offset, "");
      }
      return;
    }
    ctx.Error(-1, "unsupported statement: " + StatementName(stmt, unit.file.text, offset));
  }

  ParseOptions options_;
  ParseResult out_;
  std::vector<std::unique_ptr<FileUnit>> units_;
  std::vector<Pending> alters_;
  std::vector<Pending> security_;  // policies, GRANT, REVOKE: after every ALTER, in file order
  std::vector<Pending> comments_;
  std::vector<IndexAttach> index_attaches_;
  size_t data_count_ = 0;
  Diagnostic first_data_;
};

}  // namespace

std::string Ctx::RenameHint(int location) const {
  return RenameHintAt(unit.file.text, Offset(location), HintNames::kFoldLower);
}

ParseResult ParseFiles(const std::vector<SourceFile>& files, const ParseOptions& options) {
  return Driver(options).Run(files);
}

}  // namespace keel::parser::postgres
