#include "introspect/mysql/introspect.h"

#include <algorithm>
#include <map>
#include <regex>
#include <stdexcept>

#include "introspect/mysql/embedded_queries.h"
#include "parser/mysql/parser.h"
#include "parser/mysql/routines.h"
#include "parser/mysql/types.h"

namespace keel::introspect::mysql {
namespace {

namespace pm = keel::parser::mysql;
using model::QualifiedName;

// One query's rows, read by column name.
class Result {
 public:
  Result(Connection& conn, const std::string& sql, IntrospectStats& stats)
      : rows_(conn.Query(sql)) {
    ++stats.queries;
  }
  size_t size() const { return rows_.rows.size(); }
  std::optional<std::string> Get(size_t row, const std::string& column) const {
    return rows_.rows[row][rows_.Column(column)];
  }
  /// The value, or "" for NULL.
  std::string Str(size_t row, const std::string& column) const {
    return Get(row, column).value_or("");
  }

 private:
  Rows rows_;
};

const std::string& QueryText(const std::string& name) {
  return keel::introspect::mysql::EmbeddedQueries().at(name);
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

bool IsNumber(const std::string& s) {
  static const std::regex number("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?");
  return std::regex_match(s, number);
}

// CURRENT_TIMESTAMP[(n)] in any case, as the parser keys it; empty when `text` is something
// else.
model::Expr Now(const std::string& text) {
  std::string lower = pm::AsciiLower(text);
  static const std::regex now("(current_timestamp|now|localtimestamp|localtime)(\\((\\d*)\\))?");
  std::smatch m;
  if (!std::regex_match(lower, m, now)) return {};
  std::string n = m[3].str() == "0" ? "" : m[3].str();
  return model::Expr("CURRENT_TIMESTAMP" + (n.empty() ? "" : "(" + n + ")"),
                     "current_timestamp(" + n + ")");
}

// A column default as the parser keys it: literals by value ('3' = 3), expressions by ExprKey.
model::Expr Default(const std::optional<std::string>& value, const std::string& extra,
                    bool mariadb) {
  if (!value) return {};
  const std::string& v = *value;
  if (model::Expr now = Now(v); !now.empty()) return now;
  std::string lower = pm::AsciiLower(v);
  bool bits = lower.starts_with("b'") || lower.starts_with("x'") || lower.starts_with("0x");
  if (mariadb) {
    // MariaDB 10.2.7+: literals quoted, numbers bare, NULL for an explicit NULL, expressions
    // as the server prints them.
    if (v == "NULL") return {};
    // A literal, maybe with the charset introducer of DEFAULT (_utf8mb4'{}') kept.
    static const std::regex literal("(_[a-z0-9]+)?('.*')");
    std::smatch m;
    if (std::regex_match(v, m, literal)) {
      std::string quoted = model::QuoteLiteral(pm::UnquoteString(m[2].str()));
      return model::Expr(quoted, quoted);
    }
    if (IsNumber(v)) return model::Expr(model::QuoteLiteral(v), model::QuoteLiteral(v));
  } else if (extra.find("DEFAULT_GENERATED") == std::string::npos && !bits) {
    // MySQL 8: a literal's value, unquoted, unless EXTRA says it is an expression.
    return model::Expr(model::QuoteLiteral(v), model::QuoteLiteral(v));
  }
  if (bits) return model::Expr(v, lower);
  // MariaDB keeps the parentheses of DEFAULT (a + b) but not of DEFAULT (f(x)); the parser
  // keys what is inside them.
  std::string inner = pm::UnwrapParens(v);
  return model::Expr("(" + inner + ")", pm::ExprKey(inner));
}

char Action(const std::string& rule) {
  if (rule == "CASCADE") return 'c';
  if (rule == "SET NULL") return 'n';
  if (rule == "SET DEFAULT") return 'd';
  return 'r';  // RESTRICT, and NO ACTION which the server treats as RESTRICT
}

std::string CanonicalType(const std::string& column_type) {
  return pm::CanonicalizeType(pm::ParseColumnType(column_type)).type;
}

// TABLES.CREATE_OPTIONS ("row_format=DYNAMIC stats_persistent=0 partitioned") as the parser
// keeps table options: lower-case name=value, sorted.
std::vector<std::string> TableOptions(const std::string& create_options) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < create_options.size()) {
    size_t end = create_options.find(' ', pos);
    if (end == std::string::npos) end = create_options.size();
    std::string word = create_options.substr(pos, end - pos);
    pos = end + 1;
    size_t eq = word.find('=');
    if (eq == std::string::npos) continue;  // "partitioned": not an option of its own
    std::string name = pm::AsciiLower(word.substr(0, eq));
    std::erase(name, '`');
    out.push_back(name + "=" + word.substr(eq + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The tables and views a view's rewritten query reads: the server writes every one of them
// backquoted after `from` or `join`, qualified with its database.
std::vector<QualifiedName> ViewRelations(const std::string& query, const std::string& database) {
  static const std::regex rel("\\b(from|join)\\s+\\(*`((?:[^`]|``)+)`(?:\\.`((?:[^`]|``)+)`)?");
  std::vector<QualifiedName> out;
  for (std::sregex_iterator it(query.begin(), query.end(), rel), end; it != end; ++it) {
    const std::smatch& m = *it;
    QualifiedName name =
        m[3].matched ? QualifiedName{m[2].str(), m[3].str()} : QualifiedName{"", m[2].str()};
    if (name.schema == database) name.schema = "";
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Builder {
 public:
  Builder(Connection& conn, IntrospectStats& stats)
      : conn_(conn), stats_(stats), mariadb_(conn.IsMariaDb()) {}

  model::Catalog Run() {
    database_ = conn_.Database();
    ++stats_.queries;
    if (database_.empty()) {
      throw std::runtime_error("no database selected: name one in the URL, " + conn_.url());
    }
    cat_.dialect = model::Dialect::kMySql;
    Tables();
    Columns();
    Indexes();
    Partitions();
    ForeignKeys();
    Checks();
    for (auto& [name, t] : cat_.tables) pm::OrderConstraints(t.constraints);
    Views();
    Triggers();
    Routines();
    return std::move(cat_);
  }

 private:
  Result Query(const std::string& name) { return Result(conn_, QueryText(name), stats_); }

  QualifiedName Local(const std::string& schema, const std::string& name) const {
    return {schema == database_ ? "" : schema, name};
  }

  model::Table* FindTable(const std::string& name) {
    auto it = cat_.tables.find({"", name});
    return it == cat_.tables.end() ? nullptr : &it->second;
  }

  void Tables() {
    Result r = Query("tables");
    for (size_t i = 0; i < r.size(); ++i) {
      model::Table t;
      t.name = {"", r.Str(i, "TABLE_NAME")};
      t.engine = r.Str(i, "ENGINE");
      t.collation = r.Str(i, "TABLE_COLLATION");
      t.charset = pm::CharsetOfCollation(t.collation);
      t.comment = NonEmpty(r.Str(i, "TABLE_COMMENT"));
      if (auto v = r.Get(i, "AUTO_INCREMENT")) t.auto_increment = std::stoll(*v);
      if (auto v = r.Get(i, "TABLE_ROWS")) t.est_rows = std::stoll(*v);
      if (auto v = r.Get(i, "TOTAL_BYTES")) t.total_bytes = std::stoll(*v);
      t.options = TableOptions(r.Str(i, "CREATE_OPTIONS"));
      cat_.tables[t.name] = std::move(t);
    }
  }

  void Columns() {
    Result r = Query("columns");
    for (size_t i = 0; i < r.size(); ++i) {
      model::Table* t = FindTable(r.Str(i, "TABLE_NAME"));
      if (t == nullptr) continue;  // a view's column
      model::Column c;
      c.name = r.Str(i, "COLUMN_NAME");
      c.type = CanonicalType(r.Str(i, "COLUMN_TYPE"));
      c.not_null = r.Str(i, "IS_NULLABLE") == "NO";
      std::string extra = r.Str(i, "EXTRA");
      std::string lower_extra = pm::AsciiLower(extra);
      c.charset = r.Str(i, "CHARACTER_SET_NAME");
      c.collation = r.Str(i, "COLLATION_NAME");
      c.comment = NonEmpty(r.Str(i, "COLUMN_COMMENT"));
      c.auto_increment = lower_extra.find("auto_increment") != std::string::npos;
      if (size_t on = lower_extra.find("on update "); on != std::string::npos) {
        c.on_update = Now(extra.substr(on + 10, extra.find(' ', on + 10) - on - 10));
      }
      std::string generated = r.Str(i, "GENERATION_EXPRESSION");
      if (!generated.empty()) {
        c.generated = model::Expr(generated, pm::ExprKey(pm::UnwrapParens(generated)));
        c.generated_virtual = lower_extra.find("virtual") != std::string::npos;
      } else {
        c.default_expr = Default(r.Get(i, "COLUMN_DEFAULT"), extra, mariadb_);
      }
      t->columns.push_back(std::move(c));
    }
  }

  void Indexes() {
    std::string sql = QueryText("indexes");
    if (!mariadb_) {
      // MySQL 8 keeps a functional key part's expression in a column MariaDB lacks.
      sql.replace(sql.find("NULL AS EXPRESSION"), 18, "EXPRESSION");
    }
    Result r(conn_, sql, stats_);
    for (size_t i = 0; i < r.size(); ++i) {
      std::string table = r.Str(i, "TABLE_NAME"), name = r.Str(i, "INDEX_NAME");
      model::Table* t = FindTable(table);
      if (t == nullptr) continue;
      if (name == "PRIMARY") {
        model::Constraint* pk = Primary(*t);
        pk->columns.push_back(r.Str(i, "COLUMN_NAME"));
        continue;
      }
      QualifiedName key = pm::IndexKey(t->name, name);
      auto [it, fresh] = cat_.indexes.try_emplace(key);
      model::Index& idx = it->second;
      if (fresh) {
        idx.name = {"", name};
        idx.table = t->name;
        idx.unique = r.Str(i, "NON_UNIQUE") == "0";
        idx.method = pm::AsciiLower(r.Str(i, "INDEX_TYPE"));
        idx.comment = NonEmpty(r.Str(i, "INDEX_COMMENT"));
      }
      model::IndexKey part;
      if (auto column = r.Get(i, "COLUMN_NAME")) {
        part.expr = *column;
      } else {
        std::string e = r.Str(i, "EXPRESSION");
        part.expr = model::Expr("(" + e + ")", "(" + pm::ExprKey(pm::UnwrapParens(e)) + ")");
        part.is_expression = true;
      }
      // A SPATIAL key part reports SUB_PART 32 on MariaDB: no prefix a file could write.
      auto sub = r.Get(i, "SUB_PART");
      if (sub && idx.method != "spatial") part.prefix_length = std::stoi(*sub);
      part.desc = r.Str(i, "COLLATION") == "D";
      idx.keys.push_back(std::move(part));
    }
  }

  // PARTITION BY as a file writes it, built from the partitions' rows: HASH and KEY with the
  // server's own partition names p0, p1... as PARTITIONS n; subpartitions as SUBPARTITIONS n.
  void Partitions() {
    Result r = Query("partitions");
    struct Parts {
      std::string method, expr, sub_method, sub_expr;
      std::vector<std::pair<std::string, std::string>> partitions;  // name, description
      size_t subpartitions = 0;
    };
    std::map<std::string, Parts> tables;
    for (size_t i = 0; i < r.size(); ++i) {
      Parts& p = tables[r.Str(i, "TABLE_NAME")];
      p.method = r.Str(i, "PARTITION_METHOD");
      p.expr = r.Str(i, "PARTITION_EXPRESSION");
      p.sub_method = r.Str(i, "SUBPARTITION_METHOD");
      p.sub_expr = r.Str(i, "SUBPARTITION_EXPRESSION");
      std::string name = r.Str(i, "PARTITION_NAME");
      if (p.partitions.empty() || p.partitions.back().first != name) {
        p.partitions.push_back({name, r.Str(i, "PARTITION_DESCRIPTION")});
      }
      if (p.partitions.size() == 1 && r.Get(i, "SUBPARTITION_NAME")) ++p.subpartitions;
    }
    for (const auto& [table, p] : tables) {
      model::Table* t = FindTable(table);
      if (t == nullptr) continue;
      bool columns = p.method.find("COLUMNS") != std::string::npos;
      std::string text = p.method + (columns ? "(" : " (") + p.expr + ")";
      if (!p.sub_method.empty()) {
        text += " SUBPARTITION BY " + p.sub_method + " (" + p.sub_expr + ") SUBPARTITIONS " +
                std::to_string(p.subpartitions);
      }
      bool numbered =
          p.method.find("HASH") != std::string::npos || p.method.find("KEY") != std::string::npos;
      for (size_t k = 0; k < p.partitions.size() && numbered; ++k) {
        numbered = p.partitions[k].first == "p" + std::to_string(k);
      }
      if (numbered) {
        // One partition is what PARTITION BY HASH (x) alone makes.
        if (p.partitions.size() > 1) text += " PARTITIONS " + std::to_string(p.partitions.size());
      } else {
        std::string list;
        for (const auto& [name, description] : p.partitions) {
          list += (list.empty() ? "" : ", ") + ("PARTITION " + name);
          if (p.method.starts_with("RANGE")) {
            list += description == "MAXVALUE" ? " VALUES LESS THAN MAXVALUE"
                                              : " VALUES LESS THAN (" + description + ")";
          } else if (p.method.starts_with("LIST")) {
            list += " VALUES IN (" + description + ")";
          }
        }
        text += " (" + list + ")";
      }
      t->partition_by = model::Expr(text, pm::PartitionKey(text));
    }
  }

  model::Constraint* Primary(model::Table& t) {
    for (auto& c : t.constraints) {
      if (c.kind == model::ConstraintKind::kPrimaryKey) return &c;
    }
    model::Constraint pk;
    pk.name = "PRIMARY";
    pk.kind = model::ConstraintKind::kPrimaryKey;
    t.constraints.push_back(std::move(pk));
    return &t.constraints.back();
  }

  void ForeignKeys() {
    Result r = Query("foreign_keys");
    for (size_t i = 0; i < r.size(); ++i) {
      model::Table* t = FindTable(r.Str(i, "TABLE_NAME"));
      if (t == nullptr) continue;
      std::string name = r.Str(i, "CONSTRAINT_NAME");
      model::Constraint* fk = nullptr;
      for (auto& c : t->constraints) {
        if (c.kind == model::ConstraintKind::kForeignKey && c.name == name) fk = &c;
      }
      if (fk == nullptr) {
        model::Constraint c;
        c.name = name;
        c.kind = model::ConstraintKind::kForeignKey;
        c.ref_table = Local(r.Str(i, "REFERENCED_TABLE_SCHEMA"), r.Str(i, "REFERENCED_TABLE_NAME"));
        c.on_update = Action(r.Str(i, "UPDATE_RULE"));
        c.on_delete = Action(r.Str(i, "DELETE_RULE"));
        static const std::regex generated(".*_ibfk_[0-9]+");
        c.name_generated = std::regex_match(name, generated) && name.starts_with(t->name.name);
        t->constraints.push_back(std::move(c));
        fk = &t->constraints.back();
      }
      fk->columns.push_back(r.Str(i, "COLUMN_NAME"));
      fk->ref_columns.push_back(r.Str(i, "REFERENCED_COLUMN_NAME"));
    }
  }

  void Checks() {
    Result r = Query(mariadb_ ? "checks" : "checks_mysql8");
    for (size_t i = 0; i < r.size(); ++i) {
      model::Table* t = FindTable(r.Str(i, "TABLE_NAME"));
      if (t == nullptr) continue;
      model::Constraint c;
      c.name = r.Str(i, "CONSTRAINT_NAME");
      c.kind = model::ConstraintKind::kCheck;
      std::string clause = r.Str(i, "CHECK_CLAUSE");
      c.check_expr = model::Expr(clause, pm::ExprKey(pm::UnwrapParens(clause)));
      static const std::regex generated("CONSTRAINT_[0-9]+|.*_chk_[0-9]+");
      c.name_generated = std::regex_match(c.name, generated);
      t->constraints.push_back(std::move(c));
    }
  }

  void Views() {
    std::string sql = QueryText("views");
    if (!mariadb_) sql.replace(sql.find(", ALGORITHM"), 11, ", NULL AS ALGORITHM");
    Result r(conn_, sql, stats_);
    for (size_t i = 0; i < r.size(); ++i) {
      model::View v;
      v.name = {"", r.Str(i, "TABLE_NAME")};
      std::string query = r.Str(i, "VIEW_DEFINITION");
      v.relations = ViewRelations(query, database_);
      std::string check = r.Str(i, "CHECK_OPTION");
      if (check != "NONE" && !check.empty()) query += " WITH " + check + " CHECK OPTION";
      v.query = model::Expr(query, pm::ViewKey(query));
      // The parser keeps only what a file writes; these are the server's defaults.
      std::string algorithm = pm::AsciiLower(mariadb_ ? r.Str(i, "ALGORITHM") : Algorithm(v.name));
      if (!algorithm.empty() && algorithm != "undefined") v.options["algorithm"] = algorithm;
      std::string security = pm::AsciiLower(r.Str(i, "SECURITY_TYPE"));
      if (!security.empty() && security != "definer") v.options["sql_security"] = security;
      cat_.views[v.name] = std::move(v);
    }
  }

  // MySQL 8's information_schema.VIEWS has no ALGORITHM: only SHOW CREATE VIEW tells it, one
  // statement per view.
  std::string Algorithm(const QualifiedName& view) {
    ++stats_.queries;
    Rows r = conn_.Query("SHOW CREATE VIEW `" + view.name + "`");
    static const std::regex algorithm("ALGORITHM=([A-Z]+)");
    std::smatch m;
    std::string text = r.rows.empty() ? "" : r.rows[0][r.Column("Create View")].value_or("");
    return std::regex_search(text, m, algorithm) ? m[1].str() : "";
  }

  void Triggers() {
    Result r = Query("triggers");
    for (size_t i = 0; i < r.size(); ++i) {
      model::Trigger t;
      t.name = r.Str(i, "TRIGGER_NAME");
      t.table = {"", r.Str(i, "EVENT_OBJECT_TABLE")};
      t.timing = r.Str(i, "ACTION_TIMING");
      t.events = {r.Str(i, "EVENT_MANIPULATION")};
      t.for_each_row = true;
      t.body = r.Str(i, "ACTION_STATEMENT");
      t.body_key = pm::BodyKey(t.body);
      cat_.triggers[{t.table, t.name}] = std::move(t);
    }
  }

  void Routines() {
    Result params = Query("parameters");
    // SPECIFIC_NAME + ROUTINE_TYPE: a function and a procedure may share a name.
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_routine;
    for (size_t i = 0; i < params.size(); ++i) {
      by_routine[{params.Str(i, "SPECIFIC_NAME"), params.Str(i, "ROUTINE_TYPE")}].push_back(i);
    }
    Result r = Query("routines");
    for (size_t i = 0; i < r.size(); ++i) {
      model::Function fn;
      fn.name = {"", r.Str(i, "ROUTINE_NAME")};
      fn.is_procedure = r.Str(i, "ROUTINE_TYPE") == "PROCEDURE";
      for (size_t p : by_routine[{fn.name.name, r.Str(i, "ROUTINE_TYPE")}]) {
        std::string type = CanonicalType(params.Str(p, "DTD_IDENTIFIER"));
        if (params.Str(p, "ORDINAL_POSITION") == "0") {
          fn.returns = type;
          continue;
        }
        model::FunctionArg arg;
        std::string mode = params.Str(p, "PARAMETER_MODE");
        arg.mode = mode == "IN" ? "" : mode;
        arg.name = params.Str(p, "PARAMETER_NAME");
        arg.type = type;
        fn.signature += (fn.signature.empty() ? "" : ", ") + type;
        fn.args.push_back(std::move(arg));
      }
      fn.body = r.Str(i, "ROUTINE_DEFINITION");
      fn.body_key = pm::BodyKey(fn.body);
      pm::RoutineTraits traits;
      traits.deterministic = r.Str(i, "IS_DETERMINISTIC") == "YES";
      traits.data_access = pm::AsciiLower(r.Str(i, "SQL_DATA_ACCESS"));
      traits.invoker = r.Str(i, "SECURITY_TYPE") == "INVOKER";
      traits.comment = r.Str(i, "ROUTINE_COMMENT");
      pm::ApplyRoutineTraits(traits, fn);
      cat_.functions[{fn.name, fn.signature}] = std::move(fn);
    }
  }

  Connection& conn_;
  IntrospectStats& stats_;
  bool mariadb_;
  std::string database_;
  model::Catalog cat_;
};

}  // namespace

model::Catalog Introspect(Connection& conn, IntrospectStats* stats) {
  IntrospectStats local;
  return Builder(conn, stats ? *stats : local).Run();
}

DatabaseDefaults ReadDatabaseDefaults(Connection& conn) {
  Rows r = conn.Query(
      "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, @@default_storage_engine "
      "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()");
  if (r.rows.empty()) throw std::runtime_error("no database selected: " + conn.url());
  return {r.rows[0][0].value_or(""), r.rows[0][1].value_or(""), r.rows[0][2].value_or("")};
}

}  // namespace keel::introspect::mysql
