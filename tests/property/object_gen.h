// The object kinds of a property-test catalog beyond tables, indexes and sequences: enums,
// domains, composite types, functions, trigger functions, columns of those types, views and
// materialized views, triggers, policies and row-level security, partitioned tables, comments.
// They are kept as small descriptions over a base catalog and rendered as DDL, which the real
// parser turns into the canonical catalog.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.h"

namespace keel::proptest {

using Comment = std::optional<std::string>;

struct EnumObj {
  model::QualifiedName name;
  std::vector<std::string> values;
  Comment comment;
};

struct DomainObj {
  model::QualifiedName name;
  std::string base;  // integer or text
  int check = -1;    // index into the base's checks, -1: none
  bool has_default = false;
  bool not_null = false;
  Comment comment;
};

struct CompositeObj {
  model::QualifiedName name;
  std::vector<std::pair<std::string, std::string>> attributes;
  Comment comment;
};

/// f(x integer) RETURNS integer, or a trigger function when `trigger`.
struct FunctionObj {
  model::QualifiedName name;
  std::string language;  // sql, standard (RETURN ...), plpgsql
  int version = 1;       // a constant in the body: changing it changes the body
  bool stable = false;   // STABLE instead of IMMUTABLE
  bool trigger = false;
  Comment comment;
};

/// A column added to a base table by ALTER TABLE: of a user type, or integer with a default
/// (and maybe a check) calling a function.
struct ColumnObj {
  model::QualifiedName table;
  std::string name;
  model::QualifiedName type;      // enum, domain or composite; empty: integer
  model::QualifiedName function;  // default (and check) calls it; empty: none
  std::string default_sql;
  std::string check_name;  // empty: no check
};

struct ViewColumn {
  std::string column;             // of the source relation
  model::QualifiedName function;  // applied to the column, or empty
  std::string alias;
};

struct ViewObj {
  model::QualifiedName name;
  bool materialized = false;
  model::QualifiedName from;  // a table, partitioned table or earlier view
  std::vector<ViewColumn> columns;
  std::string where_column;  // WHERE c IS NOT NULL, or empty
  Comment comment;
};

struct TriggerObj {
  model::QualifiedName table;
  std::string name;
  model::QualifiedName function;
  bool before = true;
  int events = 0;  // index into the event lists
  bool row = true;
  char enabled = 'O';
  Comment comment;
};

struct PolicyObj {
  model::QualifiedName table;
  std::string name;
  std::string command;
  bool permissive = true;
  std::string column;  // USING / WITH CHECK (column IS NOT NULL)
  Comment comment;
};

struct PartitionedObj {
  model::QualifiedName name;
  bool range = true;          // RANGE over integer k, else LIST over text k
  std::vector<int> slots;     // partitions, each a slot of the key's domain
  bool default_part = false;  // a DEFAULT partition
  bool index = false;         // an index on (k) of the parent
  bool extra_column = false;  // a column w text added to the parent
  Comment comment;
};

struct Objects {
  std::vector<EnumObj> enums;
  std::vector<DomainObj> domains;
  std::vector<CompositeObj> composites;
  std::vector<FunctionObj> functions;
  std::vector<ColumnObj> columns;
  std::vector<PartitionedObj> partitioned;
  std::vector<ViewObj> views;  // a view only reads from earlier ones
  std::vector<TriggerObj> triggers;
  std::vector<PolicyObj> policies;
  std::set<model::QualifiedName> rls;     // ENABLE ROW LEVEL SECURITY
  std::set<model::QualifiedName> forced;  // FORCE ROW LEVEL SECURITY
};

/// Builds and mutates Objects over a base catalog. Every choice is a rapidcheck one, so a
/// failing case shrinks towards fewer objects.
class ObjectGen {
 public:
  explicit ObjectGen(bool quoted) : quoted_(quoted) {}

  void Generate(const model::Catalog& base, Objects& objects);
  /// One realistic change of one object kind; with `additive`, nothing is dropped.
  void Mutate(const model::Catalog& base, Objects& objects, bool additive);
  /// Drops what refers to something `base` or `objects` no longer has.
  void Fixup(const model::Catalog& base, Objects& objects) const;
  /// A base column a view reads plainly, to retype under the view; nullopt when none.
  std::optional<std::pair<model::QualifiedName, std::string>> ColumnUnderView(
      const model::Catalog& base, const Objects& objects);
  /// Base columns whose type must not change: functions take them as integer arguments.
  static std::set<std::pair<model::QualifiedName, std::string>> Pinned(const Objects& objects);

 private:
  std::string Name(const std::string& prefix);
  std::string SchemaOf(const model::Catalog& base);
  void AddEnum(const model::Catalog& base, Objects& o);
  void AddDomain(const model::Catalog& base, Objects& o);
  void AddComposite(const model::Catalog& base, Objects& o);
  void AddFunction(const model::Catalog& base, Objects& o, bool trigger);
  void AddColumn(const model::Catalog& base, Objects& o);
  void AddPartitioned(const model::Catalog& base, Objects& o);
  void AddView(const model::Catalog& base, Objects& o);
  void AddTrigger(const model::Catalog& base, Objects& o);
  void AddPolicy(const model::Catalog& base, Objects& o);
  void ChangeView(const model::Catalog& base, Objects& o);
  void ChangeComment(Objects& o);

  bool quoted_;
  int counter_ = 0;
};

/// The trigger event lists TriggerObj::events indexes.
const std::vector<std::vector<std::string>>& TriggerEvents();
/// The checks DomainObj::check indexes, for an integer or text domain.
const std::vector<std::string>& DomainChecks(const std::string& base);

/// The DDL that declares `objects` over the base catalog's tables, one statement an entry,
/// in an order the server accepts.
std::vector<std::string> ObjectStatements(const Objects& objects);

}  // namespace keel::proptest
