// Functions, procedures and triggers. Included from catalog.h; plain value types, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keel::model {

struct FunctionArg {
  std::string mode;  // "" (IN), "OUT", "INOUT", "VARIADIC"
  std::string name;
  std::string type;  // canonical spelling
  Expr default_expr;
  bool operator==(const FunctionArg&) const = default;
};

struct Function {
  QualifiedName name;
  /// Canonical input argument types, "integer, text": with the name, the identity.
  std::string signature;
  std::vector<FunctionArg> args;  // TABLE columns are part of `returns`, not args
  /// "integer", "SETOF integer", "TABLE(a integer, b text)", "trigger", "void"; empty for
  /// procedures.
  std::string returns;
  bool is_procedure = false;
  std::string language = "sql";
  /// The body: prosrc as written between the dollar quotes, or for SQL-standard bodies
  /// (BEGIN ATOMIC / RETURN) their deparsed text, in which case `standard_body` is set.
  std::string body;
  /// What bodies compare by when set (MySQL: the body without comments, which the mysql client
  /// strips from what it sends); empty: `body` itself.
  std::string body_key;
  bool standard_body = false;
  char volatility = 'v';  // v, s, i
  bool strict = false;
  bool security_definer = false;
  bool leakproof = false;
  char parallel = 'u';         // u, s, r
  std::optional<double> cost;  // only when not the language's default
  std::optional<double> rows;  // only when not the default for a set-returning function
  /// SET clauses, canonical: "search_path TO 'public', 'pg_temp'".
  std::vector<std::string> config;
  std::optional<std::string> comment;
  SourceLoc loc;

  bool SameDefinition(const Function& o) const {
    return args == o.args && returns == o.returns && is_procedure == o.is_procedure &&
           language == o.language && BodyKey() == o.BodyKey() && standard_body == o.standard_body &&
           volatility == o.volatility && strict == o.strict &&
           security_definer == o.security_definer && leakproof == o.leakproof &&
           parallel == o.parallel && cost == o.cost && rows == o.rows && config == o.config;
  }
  const std::string& BodyKey() const { return body_key.empty() ? body : body_key; }
  /// "FUNCTION public.f(integer, text)": the spelling COMMENT ON and DROP take.
  std::string ObjectSql() const {
    return std::string(is_procedure ? "PROCEDURE " : "FUNCTION ") + name.Sql() + "(" + signature +
           ")";
  }
};

/// Functions are keyed by name and signature (overloads are distinct objects).
using FunctionKey = std::pair<QualifiedName, std::string>;

struct Trigger {
  std::string name;
  QualifiedName table;
  std::string timing = "AFTER";  // BEFORE, AFTER, INSTEAD OF
  /// In the server's order: INSERT, DELETE, UPDATE, TRUNCATE.
  std::vector<std::string> events;
  std::vector<std::string> update_columns;  // UPDATE OF a, b
  bool for_each_row = false;
  Expr when;
  QualifiedName function;
  std::vector<std::string> function_args;
  bool constraint = false;
  bool deferrable = false;
  bool initially_deferred = false;
  std::string old_table;  // REFERENCING OLD TABLE AS
  std::string new_table;
  /// pg_trigger.tgenabled: O (fires in origin and local sessions: the default), D (disabled),
  /// R (replica only), A (always).
  char enabled = 'O';
  /// MySQL: the statement the trigger runs, as written (PostgreSQL calls `function` instead),
  /// and what it compares by (see Function::body_key).
  std::string body;
  std::string body_key;
  std::optional<std::string> comment;
  SourceLoc loc;

  bool SameDefinition(const Trigger& o) const {
    return timing == o.timing && events == o.events && update_columns == o.update_columns &&
           for_each_row == o.for_each_row && when == o.when && function == o.function &&
           function_args == o.function_args && constraint == o.constraint &&
           deferrable == o.deferrable && initially_deferred == o.initially_deferred &&
           old_table == o.old_table && new_table == o.new_table && enabled == o.enabled &&
           (body_key.empty() ? body : body_key) == (o.body_key.empty() ? o.body : o.body_key);
  }
};

/// Triggers are keyed by table and trigger name.
using TriggerKey = std::pair<QualifiedName, std::string>;

/// CREATE OPERATOR and CREATE AGGREGATE (ordinary aggregates): identified by kind, name and
/// argument types; the rest is their option list in canonical form, the same whether read from
/// a file or from the statement introspection builds out of the catalogs.
struct Definition {
  std::string kind;  // "AGGREGATE" or "OPERATOR"
  QualifiedName name;
  /// Aggregates: input types, "text, integer". Operators: "left, right" with NONE for a
  /// missing side, as DROP OPERATOR takes them.
  std::string args;
  /// Lower-case option name -> canonical value; flags (HASHES, MERGES...) map to "true".
  std::map<std::string, std::string> options;
  std::optional<std::string> comment;
  SourceLoc loc;

  bool SameDefinition(const Definition& o) const { return options == o.options; }
  /// "AGGREGATE public.group_concat(text)": the spelling COMMENT ON and DROP take.
  std::string ObjectSql() const { return kind + " " + NameSql() + "(" + args + ")"; }
  std::string NameSql() const {
    // Operator names are symbols: never quoted, only qualified.
    return kind == "OPERATOR" ? QuoteIdent(name.schema) + "." + name.name : name.Sql();
  }
};

}  // namespace keel::model
