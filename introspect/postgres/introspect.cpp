#include "introspect/postgres/introspect.h"

#include <libpq-fe.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "introspect/embedded_queries.h"
#include "introspect/postgres/introspect_routines.h"
#include "introspect/postgres/introspect_security.h"
#include "introspect/postgres/introspect_types.h"
#include "introspect/postgres/introspect_views.h"
#include "introspect/postgres/query_log.h"
#include "model/default_schema.h"
#include "parser/postgres/expr.h"
#include "parser/postgres/partition.h"

namespace keel::introspect::postgres {
namespace {

using model::QualifiedName;

bool IsUrl(const std::string& conninfo) {
  return conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
}

// Appends connect_timeout=5 unless the caller chose a timeout, so an unreachable server fails
// fast instead of hanging on the OS default (minutes).
std::string WithConnectTimeout(const std::string& conninfo) {
  if (conninfo.find("connect_timeout=") != std::string::npos) return conninfo;
  if (std::getenv("PGCONNECT_TIMEOUT") != nullptr) return conninfo;
  if (IsUrl(conninfo)) {
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=5";
  }
  return conninfo.empty() ? "connect_timeout=5" : conninfo + " connect_timeout=5";
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// What libpq will use for the endpoint and password of `conninfo`, for error messages.
struct Endpoint {
  std::string where;     // host:port, or the redacted connection string when unparsable
  std::string password;  // to scrub from server/libpq messages
};

Endpoint DescribeEndpoint(const std::string& conninfo) {
  Endpoint endpoint;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    if (error != nullptr) PQfreemem(error);
    endpoint.where = RedactUrl(conninfo);
    return endpoint;
  }
  std::string host, hostaddr, port;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    std::string keyword = o->keyword;
    if (keyword == "host") host = o->val;
    if (keyword == "hostaddr") hostaddr = o->val;
    if (keyword == "port") port = o->val;
    if (keyword == "password") endpoint.password = o->val;
  }
  PQconninfoFree(options);
  if (host.empty()) host = hostaddr;
  if (host.empty()) host = EnvOr("PGHOST", EnvOr("PGHOSTADDR", "localhost"));
  if (port.empty()) port = EnvOr("PGPORT", "5432");
  endpoint.where = host + ":" + port;
  return endpoint;
}

std::string Scrub(std::string text, const std::string& password) {
  // Very short passwords would garble the message; libpq never echoes them anyway.
  if (password.size() < 4) return text;
  for (size_t at = text.find(password); at != std::string::npos; at = text.find(password, at + 3)) {
    text.replace(at, password.size(), "***");
  }
  return text;
}

// --- Introspection ---------------------------------------------------------------------------

using ReadTxn = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only>;

class Session {
 public:
  Session(pqxx::connection& conn, QueryLog* log) : txn_(conn, "keel_introspect"), log_(log) {
    // Types and regclass literals print relative to the default schema, as in a schema file;
    // timestamps (partition bounds) print in UTC, as the file side spells them. The sorted
    // column and index lists of thousands of tables outgrow the default work_mem and would
    // spill to disk. keel.in_schema narrows every query to a --in-schema target's schema.
    Exec(SetLocalSearchPath() + "; SET LOCAL keel.in_schema = " + txn_.quote(model::InSchema()) +
         "; SET LOCAL TimeZone = 'UTC'; SET LOCAL work_mem = '64MB'");
  }

  pqxx::result Query(const std::string& stem) {
    const auto& queries = EmbeddedQueries();
    auto it = queries.find(stem);
    if (it == queries.end()) throw std::logic_error("missing introspection query " + stem);
    return Exec(it->second, stem);
  }

  void Commit() { txn_.commit(); }

 private:
  pqxx::result Exec(const std::string& sql, const std::string& label = "") {
    if (log_ != nullptr) log_->statements.push_back(label.empty() ? sql : label);
    return txn_.exec(sql);
  }

  ReadTxn txn_;
  QueryLog* log_;
};

std::string Str(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return field.is_null() ? std::string() : field.as<std::string>();
}

bool Bool(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return !field.is_null() && field.as<bool>();
}

int64_t Int(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return field.is_null() ? 0 : field.as<int64_t>();
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (size_t start = 0;;) {
    size_t end = text.find(separator, start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// Every expression goes through the same canonicalizer as the file side; text the parser
// cannot read is kept verbatim rather than lost.
model::Expr Canon(const std::string& expr) { return parser::postgres::ServerExpr(expr); }

QualifiedName Name(const pqxx::row& row, const char* schema, const char* name) {
  return QualifiedName{Str(row, schema), Str(row, name)};
}

void ReadSchemas(Session& s, model::Catalog& catalog) {
  for (const auto& row : s.Query("schemas")) {
    std::string name = Str(row, "nspname");
    if (model::Catalog::IsBuiltinSchema(name)) continue;
    catalog.schemas[name].name = name;
  }
}

void ReadTables(Session& s, model::Catalog& catalog) {
  for (const auto& row : s.Query("tables")) {
    model::Table table;
    table.name = Name(row, "nspname", "relname");
    table.unlogged = Bool(row, "unlogged");
    table.partition_by = parser::postgres::ServerPartitionKey(Str(row, "partition_by"));
    table.partition_bound = parser::postgres::CanonicalPartitionBound(Str(row, "partition_bound"));
    for (const auto& parent : Split(Str(row, "parents"), '\x1e')) {
      auto unit = parent.find('\x1f');
      QualifiedName qn{parent.substr(0, unit), parent.substr(unit + 1)};
      if (table.partition_bound.empty())
        table.inherits.push_back(qn);
      else
        table.partition_of = qn;
    }
    table.options = Split(Str(row, "options"), '\x1e');
    table.rls_enabled = Bool(row, "relrowsecurity");
    table.rls_forced = Bool(row, "relforcerowsecurity");
    catalog.tables[table.name] = std::move(table);
  }
  for (const auto& row : s.Query("stats")) {
    auto it = catalog.tables.find(Name(row, "nspname", "relname"));
    if (it == catalog.tables.end()) continue;
    it->second.est_rows = Int(row, "est_rows");
    it->second.total_bytes = Int(row, "total_bytes");
    it->second.writes_per_second = row["writes_per_second"].as<double>();
  }
}

void ReadColumns(Session& s, model::Catalog& catalog) {
  for (const auto& row : s.Query("columns")) {
    auto it = catalog.tables.find(Name(row, "nspname", "relname"));
    if (it == catalog.tables.end()) continue;
    model::Column column;
    column.name = Str(row, "attname");
    column.type = Str(row, "type");
    column.not_null = Bool(row, "attnotnull");
    model::Expr expr = Canon(Str(row, "default_expr"));
    if (expr.key == "NULL") expr = {};  // DEFAULT NULL is no default, as in a file
    if (Str(row, "generated") == "s") {
      column.generated = expr;
    } else {
      column.default_expr = expr;
    }
    const std::string identity = Str(row, "identity");
    if (identity == "a") column.identity = model::Identity::kAlways;
    if (identity == "d") column.identity = model::Identity::kByDefault;
    column.collation = Str(row, "collation");
    column.statistics = static_cast<int>(Int(row, "statistics"));
    it->second.columns.push_back(std::move(column));
  }
}

model::ConstraintKind KindOf(const std::string& contype) {
  if (contype == "p") return model::ConstraintKind::kPrimaryKey;
  if (contype == "u") return model::ConstraintKind::kUnique;
  if (contype == "f") return model::ConstraintKind::kForeignKey;
  if (contype == "x") return model::ConstraintKind::kExclude;
  return model::ConstraintKind::kCheck;
}

char Action(const std::string& code) { return code.empty() ? 'a' : code[0]; }

void ReadConstraints(Session& s, model::Catalog& catalog) {
  model::Table* table = nullptr;
  model::Constraint* current = nullptr;
  QualifiedName current_table;
  for (const auto& row : s.Query("constraints")) {
    const QualifiedName table_name = Name(row, "nspname", "relname");
    const std::string name = Str(row, "conname");
    // Rows come ordered by table, constraint, position: a new key starts a new constraint.
    if (current == nullptr || table_name != current_table || name != current->name) {
      auto it = catalog.tables.find(table_name);
      if (it == catalog.tables.end()) {
        current = nullptr;
        continue;
      }
      table = &it->second;
      current_table = table_name;
      model::Constraint c;
      c.name = name;
      c.kind = KindOf(Str(row, "contype"));
      c.deferrable = Bool(row, "condeferrable");
      c.initially_deferred = Bool(row, "condeferred");
      c.not_valid = Bool(row, "not_valid");
      if (c.kind == model::ConstraintKind::kCheck) {
        c.check_expr = Canon(Str(row, "check_expr"));
        c.no_inherit = Bool(row, "connoinherit");
      }
      if (c.kind == model::ConstraintKind::kUnique) {
        c.nulls_not_distinct = Bool(row, "nulls_not_distinct");
      }
      if (c.kind == model::ConstraintKind::kForeignKey) {
        c.ref_table = Name(row, "ref_schema", "ref_table");
        c.on_update = Action(Str(row, "on_update"));
        c.on_delete = Action(Str(row, "on_delete"));
        c.match = Str(row, "match") == "f" ? 'f' : 's';
      }
      if (c.kind == model::ConstraintKind::kExclude) {
        const std::string def = Str(row, "definition");
        if (auto e = parser::postgres::CanonicalExclusion(def)) {
          c.definition = e->first;
          c.columns = e->second;
        } else {
          throw std::runtime_error("cannot read constraint " + c.name + " on " +
                                   table_name.Display() + ": " + def);
        }
      }
      table->constraints.push_back(std::move(c));
      current = &table->constraints.back();
    }
    if (!row["pos"].is_null()) {
      current->columns.push_back(Str(row, "column_name"));
      if (current->kind == model::ConstraintKind::kForeignKey) {
        current->ref_columns.push_back(Str(row, "ref_column"));
      }
    }
  }
}

// pg_index.indoption bits (catalog/pg_index.h).
constexpr int64_t kIndOptionDesc = 0x01;
constexpr int64_t kIndOptionNullsFirst = 0x02;

void ReadIndexes(Session& s, model::Catalog& catalog) {
  model::Index* current = nullptr;
  for (const auto& row : s.Query("indexes")) {
    const QualifiedName name = Name(row, "nspname", "index_name");
    if (current == nullptr || current->name != name) {
      model::Index index;
      index.name = name;
      index.table = Name(row, "nspname", "table_name");
      index.unique = Bool(row, "indisunique");
      index.nulls_not_distinct = Bool(row, "indnullsnotdistinct");
      index.method = Str(row, "amname");
      index.where = Canon(Str(row, "predicate"));
      std::istringstream options(Str(row, "options"));
      for (std::string kv; std::getline(options, kv);)
        if (auto eq = kv.find('='); eq != std::string::npos)
          index.options[kv.substr(0, eq)] = kv.substr(eq + 1);
      current = &(catalog.indexes[name] = std::move(index));
    }
    if (const int64_t target = Int(row, "statistics"); target >= 0)
      current->statistics[static_cast<int>(Int(row, "pos"))] = static_cast<int>(target);
    if (Bool(row, "is_include")) {
      current->include.push_back(Str(row, "attname"));
      continue;
    }
    model::IndexKey key;
    key.is_expression = Bool(row, "is_expression");
    if (key.is_expression) {
      model::Expr e = Canon(Str(row, "key_text"));
      key.expr = model::Expr("(" + e.sql + ")", "(" + e.key + ")");
    } else {
      key.expr = model::QuoteIdent(Str(row, "attname"));
    }
    key.opclass = Str(row, "opclass");
    key.collation = Str(row, "collation");
    const int64_t option = Int(row, "option");
    key.desc = (option & kIndOptionDesc) != 0;
    const bool nulls_first = (option & kIndOptionNullsFirst) != 0;
    // The default is NULLS LAST for ASC and NULLS FIRST for DESC.
    if (nulls_first != key.desc) key.nulls_first = nulls_first;
    current->keys.push_back(std::move(key));
  }
}

int64_t TypeMax(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::max();
  if (type == "integer") return std::numeric_limits<int32_t>::max();
  return std::numeric_limits<int64_t>::max();
}

int64_t TypeMin(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::min();
  if (type == "integer") return std::numeric_limits<int32_t>::min();
  return std::numeric_limits<int64_t>::min();
}

void ReadSequences(Session& s, model::Catalog& catalog) {
  for (const auto& row : s.Query("sequences")) {
    model::Sequence seq;
    seq.name = Name(row, "nspname", "relname");
    seq.type = Str(row, "type");
    seq.start = Int(row, "seqstart");
    seq.increment = Int(row, "seqincrement");
    seq.cache = Int(row, "seqcache");
    seq.cycle = Bool(row, "seqcycle");
    const bool ascending = seq.increment > 0;
    const int64_t min = Int(row, "seqmin");
    const int64_t max = Int(row, "seqmax");
    if (min != (ascending ? 1 : TypeMin(seq.type))) seq.min_value = min;
    if (max != (ascending ? TypeMax(seq.type) : -1)) seq.max_value = max;
    if (!row["owner_table"].is_null()) {
      seq.owned_by_table = Name(row, "owner_schema", "owner_table");
      seq.owned_by_column = Str(row, "owner_column");
    }
    catalog.sequences[seq.name] = std::move(seq);
  }
}

void ReadComments(Session& s, model::Catalog& catalog) {
  for (const auto& row : s.Query("comments")) {
    const std::string kind = Str(row, "kind");
    const std::string text = Str(row, "description");
    const QualifiedName object = Name(row, "nspname", "obj_name");
    const std::string sub = Str(row, "sub_name");
    if (kind == "schema") {
      auto it = catalog.schemas.find(object.schema);
      if (it != catalog.schemas.end()) it->second.comment = text;
    } else if (kind == "index") {
      auto it = catalog.indexes.find(object);
      if (it != catalog.indexes.end()) it->second.comment = text;
    } else if (kind == "sequence") {
      auto it = catalog.sequences.find(object);
      if (it != catalog.sequences.end()) it->second.comment = text;
    } else {
      auto it = catalog.tables.find(object);
      if (it == catalog.tables.end()) continue;
      model::Table& table = it->second;
      if (kind == "table") table.comment = text;
      if (kind == "column") {
        if (model::Column* column = table.FindColumn(sub)) column->comment = text;
      }
      if (kind == "constraint") {
        for (auto& c : table.constraints) {
          if (c.name == sub) c.comment = text;
        }
      }
    }
  }
}

}  // namespace

std::string RedactUrl(const std::string& url) {
  std::string out = url;
  if (IsUrl(out)) {
    // postgres://user:secret@host/db: the userinfo ends at the last '@' before the path,
    // which is where libpq looks for it too.
    const size_t start = out.find("://") + 3;
    const size_t path = out.find_first_of("/?", start);
    const size_t at = out.rfind('@', path == std::string::npos ? std::string::npos : path);
    if (at != std::string::npos && at >= start) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, "***");
      }
    }
    static const std::regex kQueryPassword(R"(([?&]password=)[^&]*)", std::regex::icase);
    return std::regex_replace(out, kQueryPassword, "$1***");
  }
  // key=value form: the value is a bare word or a single-quoted string with \-escapes.
  static const std::regex kPassword(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s]*))",
                                    std::regex::icase);
  return std::regex_replace(out, kPassword, "password=***");
}

std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
  std::string conninfo = url;
  if (conninfo.empty()) conninfo = EnvOr("DATABASE_URL", "");
  conninfo = WithConnectTimeout(conninfo);
  try {
    return std::make_unique<pqxx::connection>(conninfo);
  } catch (const std::exception& e) {
    const Endpoint endpoint = DescribeEndpoint(conninfo);
    throw ConnectError{"cannot connect to PostgreSQL at " + endpoint.where + ": " +
                       Scrub(FirstLine(e.what()), endpoint.password)};
  }
}

std::string SetLocalSearchPath() {
  return "SET LOCAL search_path = " + model::QuoteIdent(model::DefaultSchema());
}

model::Catalog Introspect(pqxx::connection& conn) { return Introspect(conn, nullptr); }

model::Catalog Introspect(pqxx::connection& conn, QueryLog* log) {
  model::Catalog catalog;
  // One REPEATABLE READ snapshot, so all queries see the same schema.
  Session session(conn, log);
  ReadSchemas(session, catalog);
  ReadTables(session, catalog);
  ReadColumns(session, catalog);
  ReadConstraints(session, catalog);
  ReadIndexes(session, catalog);
  ReadSequences(session, catalog);
  ReadViewRows(session.Query("views"), catalog);
  ReadComments(session, catalog);
  ReadTypes(session.Query("types"), catalog);
  pqxx::result functions = session.Query("functions");
  pqxx::result triggers = session.Query("triggers");
  ReadRoutineRows(functions, triggers, session.Query("definitions"), catalog);
  ReadPolicyRows(session.Query("policies"), catalog);
  ReadPrivilegeRows(session.Query("privileges"), catalog);
  session.Commit();
  return catalog;
}

}  // namespace keel::introspect::postgres
