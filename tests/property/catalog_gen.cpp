#include "tests/property/catalog_gen.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "diff/differ.h"
#include "emit/emit.h"
#include "model/normalize.h"
#include "parser/postgres/expr.h"
#include "parser/postgres/parser.h"
#include "planner/planner.h"
#include "tests/property/gen_util.h"
#include "tests/property/object_gen.h"

namespace keel::proptest {
namespace {

using model::Catalog;
using model::Column;
using model::Constraint;
using model::ConstraintKind;
using model::Index;
using model::IndexKey;
using model::QualifiedName;
using model::Sequence;
using model::Table;

// A column type with constants that fit it and checks that make sense for it. "{c}" stands for
// the quoted column name.
struct TypeSpec {
  std::string type;
  std::vector<std::string> defaults;
  std::vector<std::string> checks;
  int family;  // type changes stay inside a family, or go to / from text
};

enum Family { kNumeric, kString, kTemporal, kOther };

const std::vector<TypeSpec>& Types() {
  static const std::vector<TypeSpec> types = {
      {"integer", {"0", "42"}, {"{c} > 0", "{c} >= 0 AND {c} < 1000"}, kNumeric},
      {"bigint", {"0", "7"}, {"{c} > 0"}, kNumeric},
      {"smallint", {"1"}, {"{c} < 100"}, kNumeric},
      {"text", {"'hello'", "'it''s'", "''"}, {"length({c}) > 0", "{c} <> ''"}, kString},
      {"character varying(20)", {"'abc'"}, {}, kString},
      {"character varying(50)", {"'x y'"}, {}, kString},
      {"numeric(10,2)", {"0", "1.5"}, {"{c} >= 0"}, kNumeric},
      {"numeric(12,4)", {"100"}, {}, kNumeric},
      {"boolean", {"true", "false"}, {}, kOther},
      {"date", {"CURRENT_DATE", "'2020-01-01'"}, {"{c} > '2000-01-01'"}, kTemporal},
      {"timestamp with time zone", {"now()", "CURRENT_TIMESTAMP"}, {}, kTemporal},
      {"uuid", {"gen_random_uuid()"}, {}, kOther},
      {"jsonb", {"'{}'", "'[]'"}, {"jsonb_typeof({c}) = 'object'"}, kOther},
      {"integer[]", {"'{}'", "'{1,2}'"}, {"cardinality({c}) < 10"}, kOther},
  };
  return types;
}

const TypeSpec& SpecOf(const std::string& type) {
  for (const auto& t : Types())
    if (t.type == type) return t;
  throw std::logic_error("no type spec for " + type);
}

std::string Canon(const std::string& expr) {
  auto canonical = parser::postgres::CanonicalExpr(expr);
  if (!canonical) throw std::logic_error("generator made an unparsable expression: " + expr);
  return *canonical;
}

std::string Substitute(std::string text, const std::string& column) {
  const std::string ident = model::QuoteIdent(column);
  for (size_t pos = text.find("{c}"); pos != std::string::npos; pos = text.find("{c}", pos)) {
    text.replace(pos, 3, ident);
    pos += ident.size();
  }
  return text;
}

const std::vector<std::string> kPlainTables = {"accounts", "items",     "events", "payments",
                                               "invoices", "customers", "logs",   "tags"};
const std::vector<std::string> kQuotedTables = {"user",  "order",  "Mixed Case",
                                                "group", "select", "Line Items"};
const std::vector<std::string> kPlainColumns = {"id",    "name", "amount", "created_at",
                                                "flag",  "data", "code",   "status",
                                                "total", "note", "score",  "ref_id"};
const std::vector<std::string> kQuotedColumns = {"user", "order", "Mixed Col",
                                                 "desc", "limit", "CamelCase"};
const std::vector<std::string> kPlainSchemas = {"app", "billing"};
const std::vector<std::string> kQuotedSchemas = {"Mixed Schema", "user"};

// Expression text whether the model stores expressions as strings or as model::Expr.
template <class E>
std::string Text(const E& expr) {
  if constexpr (std::is_same_v<E, std::string>) {
    return expr;
  } else {
    return expr.key;
  }
}

bool ReferencesSequence(const std::string& expr, const QualifiedName& seq) {
  if (expr.find("nextval(") == std::string::npos) return false;
  for (const std::string& spelled : {model::QuoteIdent(seq.name), seq.Sql()})
    if (expr.find(model::QuoteLiteral(spelled)) != std::string::npos) return true;
  return false;
}

// Everything the generator needs between A and B: name pools and a counter for unique names.
class Generator {
 public:
  explicit Generator(bool quoted) : quoted_(quoted) {}

  std::vector<std::string> Pool(const std::vector<std::string>& plain,
                                const std::vector<std::string>& quoted) const {
    std::vector<std::string> out = plain;
    if (quoted_) out.insert(out.end(), quoted.begin(), quoted.end());
    return out;
  }

  // A name unique in the schema's relation namespace and the table's constraint namespace.
  std::string UniqueName(const std::string& base, const std::string& kind) {
    return base.substr(0, 24) + "_" + kind + std::to_string(++counter_);
  }

  std::string Schema(Catalog& c) {
    if (c.schemas.empty() || Chance(60)) return "public";
    std::vector<std::string> names;
    for (const auto& [name, _] : c.schemas) names.push_back(name);
    return Pick(names);
  }

  void AddSchema(Catalog& c) {
    std::vector<std::string> free;
    for (const auto& s : Pool(kPlainSchemas, kQuotedSchemas))
      if (!c.schemas.count(s)) free.push_back(s);
    if (free.empty()) return;
    model::Schema schema;
    schema.name = Pick(free);
    schema.comment = MaybeComment(20);
    c.schemas[schema.name] = schema;
  }

  std::string DefaultFor(const TypeSpec& spec, const Catalog& c, const QualifiedName& table) {
    // Integer columns may take their values from a sequence of the catalog.
    if ((spec.type == "integer" || spec.type == "bigint") && !c.sequences.empty() && Chance(20)) {
      std::vector<QualifiedName> seqs;
      for (const auto& [qn, _] : c.sequences) seqs.push_back(qn);
      const QualifiedName& seq = Pick(seqs);
      std::string name = seq.schema == "public" ? model::QuoteIdent(seq.name) : seq.Sql();
      (void)table;
      return Canon("nextval(" + model::QuoteLiteral(name) + ")");
    }
    return Canon(Pick(spec.defaults));
  }

  Column NewColumn(const std::string& name, const Catalog& c, const QualifiedName& table) {
    const TypeSpec& spec = Pick(Types());
    Column col;
    col.name = name;
    col.type = spec.type;
    col.not_null = Chance(30);
    if (Chance(30)) col.default_expr = DefaultFor(spec, c, table);
    col.comment = MaybeComment(10);
    return col;
  }

  std::string FreeColumnName(const Table& t) {
    std::vector<std::string> free;
    for (const auto& n : Pool(kPlainColumns, kQuotedColumns))
      if (!t.FindColumn(n)) free.push_back(n);
    if (free.empty()) return UniqueName("col", "c");
    return Pick(free);
  }

  void AddTable(Catalog& c) {
    Table t;
    std::string schema = Schema(c);
    std::vector<std::string> free;
    for (const auto& n : Pool(kPlainTables, kQuotedTables))
      if (!c.tables.count({schema, n})) free.push_back(n);
    if (free.empty()) return;
    t.name = {schema, Pick(free)};
    const int columns = Uniform(1, 6);
    for (int i = 0; i < columns; ++i) t.columns.push_back(NewColumn(FreeColumnName(t), c, t.name));
    t.comment = MaybeComment(20);
    if (Chance(60)) AddPrimaryKey(t);
    if (Chance(25)) AddUnique(t);
    if (Chance(30)) AddCheck(t);
    c.tables[t.name] = t;
    if (Chance(40)) AddIndex(c, t.name);
  }

  static bool HasPrimaryKey(const Table& t) {
    for (const auto& con : t.constraints)
      if (con.kind == ConstraintKind::kPrimaryKey) return true;
    return false;
  }

  std::vector<std::string> SomeColumns(const Table& t, int max) {
    std::vector<std::string> all;
    for (const auto& col : t.columns) all.push_back(col.name);
    const int n = Uniform(1, std::min<int>(max, all.size()) + 1);
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
      std::vector<std::string> left;
      for (const auto& a : all)
        if (std::find(out.begin(), out.end(), a) == out.end()) left.push_back(a);
      out.push_back(Pick(left));
    }
    return out;
  }

  // PostgreSQL silently drops a UNIQUE that repeats the columns of the primary key or of another
  // UNIQUE in the same CREATE TABLE (transformIndexConstraints), so such a file never converges.
  // Reported; the generator keeps key column lists distinct.
  static bool KeyExists(const Table& t, const std::vector<std::string>& columns) {
    for (const auto& con : t.constraints)
      if ((con.kind == ConstraintKind::kPrimaryKey || con.kind == ConstraintKind::kUnique) &&
          con.columns == columns)
        return true;
    return false;
  }

  void AddPrimaryKey(Table& t) {
    if (HasPrimaryKey(t) || t.columns.empty()) return;
    Constraint pk;
    pk.kind = ConstraintKind::kPrimaryKey;
    pk.name = UniqueName(t.name.name, "pk");
    pk.columns = SomeColumns(t, 2);
    if (KeyExists(t, pk.columns)) return;
    pk.comment = MaybeComment(10);
    t.constraints.push_back(pk);
  }

  void AddUnique(Table& t) {
    if (t.columns.empty()) return;
    Constraint u;
    u.kind = ConstraintKind::kUnique;
    u.name = UniqueName(t.name.name, "key");
    u.columns = SomeColumns(t, 2);
    if (KeyExists(t, u.columns)) return;
    u.nulls_not_distinct = Chance(20);
    u.comment = MaybeComment(10);
    t.constraints.push_back(u);
  }

  void AddCheck(Table& t) {
    if (t.columns.empty()) return;
    const Column& col = Pick(t.columns);
    std::vector<std::string> checks = SpecOf(col.type).checks;
    checks.push_back("{c} IS NOT NULL");
    Constraint ck;
    ck.kind = ConstraintKind::kCheck;
    ck.name = UniqueName(t.name.name, "check");
    ck.check_expr = Canon(Substitute(Pick(checks), col.name));
    check_column_[ck.name] = col.name;
    ck.comment = MaybeComment(10);
    t.constraints.push_back(ck);
  }

  // A foreign key from `from` to the primary key of `to`, over existing columns of the same
  // types or new ones.
  void AddForeignKey(Catalog& c, const QualifiedName& from, const QualifiedName& to) {
    const Table& target = c.tables.at(to);
    const Constraint* pk = nullptr;
    for (const auto& con : target.constraints)
      if (con.kind == ConstraintKind::kPrimaryKey) pk = &con;
    if (pk == nullptr) return;
    std::vector<std::string> ref_columns = pk->columns;
    std::vector<std::string> ref_types;
    for (const auto& rc : ref_columns) ref_types.push_back(target.FindColumn(rc)->type);
    Table& t = c.tables.at(from);
    Constraint fk;
    fk.kind = ConstraintKind::kForeignKey;
    fk.name = UniqueName(t.name.name, "fk");
    fk.ref_table = to;
    fk.ref_columns = ref_columns;
    for (size_t i = 0; i < ref_columns.size(); ++i) {
      std::string local;
      if (Chance(50)) {
        std::vector<std::string> same;
        for (const auto& col : t.columns)
          if (col.type == ref_types[i] &&
              std::find(fk.columns.begin(), fk.columns.end(), col.name) == fk.columns.end())
            same.push_back(col.name);
        if (!same.empty()) local = Pick(same);
      }
      if (local.empty()) {
        Column col;
        col.name = UniqueName(ref_columns[i], "ref");
        col.type = ref_types[i];
        t.columns.push_back(col);
        local = col.name;
      }
      fk.columns.push_back(local);
    }
    fk.on_delete = Pick(std::vector<char>{'a', 'a', 'r', 'c', 'n', 'd'});
    fk.on_update = Pick(std::vector<char>{'a', 'a', 'c', 'r'});
    fk.match = fk.columns.size() > 1 && Chance(30) ? 'f' : 's';
    fk.deferrable = Chance(20);
    fk.initially_deferred = fk.deferrable && Chance(50);
    fk.comment = MaybeComment(10);
    t.constraints.push_back(fk);
  }

  void AddRandomForeignKey(Catalog& c) {
    if (c.tables.empty()) return;
    std::vector<QualifiedName> names;
    for (const auto& [qn, _] : c.tables) names.push_back(qn);
    AddForeignKey(c, Pick(names), Pick(names));
  }

  void AddIndex(Catalog& c, const QualifiedName& table) {
    const Table& t = c.tables.at(table);
    if (t.columns.empty()) return;
    Index i;
    i.table = table;
    i.name = {table.schema, UniqueName(table.name, "idx")};
    i.unique = Chance(25);
    for (const auto& col : SomeColumns(t, 3)) {
      IndexKey key;
      key.expr = model::QuoteIdent(col);
      key.desc = Chance(15);
      i.keys.push_back(key);
    }
    if (Chance(25)) {
      const Column& col = Pick(t.columns);
      i.where = Canon(Substitute("{c} IS NOT NULL", col.name));
      where_column_[i.name.name] = col.name;
    }
    i.comment = MaybeComment(10);
    c.indexes[i.name] = i;
  }

  void AddSequence(Catalog& c) {
    Sequence s;
    std::string schema = Schema(c);
    s.name = {schema, quoted_ && Chance(30) ? UniqueName("Seq", "S") : UniqueName("seq", "s")};
    s.type = Pick(std::vector<std::string>{"smallint", "integer", "bigint"});
    s.increment = Pick(std::vector<int64_t>{1, 1, 2, 5, -1});
    if (s.increment > 0) {
      s.start = Pick(std::vector<int64_t>{1, 10, 100});
      if (Chance(30)) s.max_value = 1000;
    } else {
      s.start = Pick(std::vector<int64_t>{-1, -10});
      if (Chance(30)) s.min_value = -1000;
    }
    s.cache = Pick(std::vector<int64_t>{1, 1, 5});
    s.cycle = Chance(20);
    s.comment = MaybeComment(15);
    // OWNED BY needs a column of a table in the same schema.
    if (Chance(25)) {
      std::vector<std::pair<QualifiedName, std::string>> owners;
      for (const auto& [qn, t] : c.tables)
        if (qn.schema == schema)
          for (const auto& col : t.columns) owners.push_back({qn, col.name});
      if (!owners.empty()) {
        const auto& owner = Pick(owners);
        s.owned_by_table = owner.first;
        s.owned_by_column = owner.second;
      }
    }
    c.sequences[s.name] = s;
  }

  Catalog GenerateA() {
    Catalog c;
    const int schemas = Uniform(0, 3);
    for (int i = 0; i < schemas; ++i) AddSchema(c);
    if (Chance(30)) AddSequence(c);
    const int tables = Uniform(1, 7);
    for (int i = 0; i < tables; ++i) AddTable(c);
    const int fks = Uniform(0, 4);
    for (int i = 0; i < fks; ++i) AddRandomForeignKey(c);
    if (Chance(30)) AddSequence(c);
    return c;
  }

  // ---- mutations (A -> B) ----

  template <class Map>
  static std::vector<typename Map::key_type> Keys(const Map& map) {
    std::vector<typename Map::key_type> keys;
    for (const auto& [k, _] : map) keys.push_back(k);
    return keys;
  }

  // Columns whose type may change: not used by a foreign key (either side), a check, an index
  // predicate or an OWNED BY in B (their definitions would no longer fit the new type; PostgreSQL
  // cannot rebuild a kept foreign key across a type change). Ones that A has and B drops are
  // fine: the plan drops them before the type changes.
  bool TypeChangeable(const Catalog& a, const Catalog& b, const QualifiedName& table,
                      const std::string& column) const {
    (void)a;
    if (pinned_.count({table, column})) return false;
    for (const Catalog* c : {&b}) {
      for (const auto& [qn, t] : c->tables) {
        for (const auto& con : t.constraints) {
          if (con.kind == ConstraintKind::kForeignKey) {
            bool local = qn == table && std::count(con.columns.begin(), con.columns.end(), column);
            bool remote = con.ref_table == table &&
                          std::count(con.ref_columns.begin(), con.ref_columns.end(), column);
            if (local || remote) return false;
          }
          if (con.kind == ConstraintKind::kCheck && qn == table &&
              check_column_.at(con.name) == column)
            return false;
        }
      }
      for (const auto& [qn, i] : c->indexes)
        if (i.table == table && !i.where.empty() && where_column_.at(qn.name) == column)
          return false;
      for (const auto& [qn, s] : c->sequences)
        if (s.owned_by_table == table && s.owned_by_column == column) return false;
    }
    return true;
  }

  static std::vector<std::string> CastTargets(const std::string& type) {
    std::vector<std::string> out = {type};  // back to A's type
    const TypeSpec& from = SpecOf(type);
    for (const auto& t : Types()) {
      if (t.type == type) continue;
      if ((from.family == t.family && from.family != kOther) || t.type == "text" || type == "text")
        out.push_back(t.type);
    }
    return out;
  }

  void Mutate(const Catalog& a, Catalog& b, bool additive_only) {
    enum {
      kAddTable,
      kAddColumn,
      kNotNull,
      kDefault,
      kAddConstraint,
      kDropConstraint,
      kAddIndex,
      kDropIndex,
      kComment,
      kSequence,
      kRedefineIndex,
      kAddSchema,
      kDropTable,
      kDropColumn,
      kAlterType,
      kDropSequence,
      kDropSchema,
      kCount
    };
    const int last = additive_only ? kAddSchema : kCount - 1;
    const int kind = Uniform(0, last + 1);
    auto tables = Keys(b.tables);
    switch (kind) {
      case kAddTable:
        AddTable(b);
        if (Chance(50)) {
          auto all = Keys(b.tables);
          AddForeignKey(b, Pick(all), Pick(all));
        }
        break;
      case kAddColumn: {
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        // A name A's table still has (dropped in B) would read as a type change between
        // unrelated types, which no cast covers: a new column gets a name of its own.
        std::string name = FreeColumnName(t);
        if (auto old = a.tables.find(t.name); old != a.tables.end())
          while (old->second.FindColumn(name) || t.FindColumn(name)) name += "_new";
        t.columns.push_back(NewColumn(name, b, t.name));
        break;
      }
      case kNotNull: {
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        if (t.columns.empty()) return;
        Column& col = t.columns.at(Uniform<size_t>(0, t.columns.size()));
        col.not_null = !col.not_null;
        break;
      }
      case kDefault: {
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        if (t.columns.empty()) return;
        Column& col = t.columns.at(Uniform<size_t>(0, t.columns.size()));
        if (!col.default_expr.empty() && Chance(40))
          col.default_expr = std::string();
        else
          col.default_expr = DefaultFor(SpecOf(col.type), b, t.name);
        break;
      }
      case kAddConstraint: {
        if (tables.empty()) return;
        const QualifiedName qn = Pick(tables);
        switch (Uniform(0, 4)) {
          case 0:
            AddPrimaryKey(b.tables.at(qn));
            break;
          case 1:
            AddUnique(b.tables.at(qn));
            break;
          case 2:
            AddCheck(b.tables.at(qn));
            break;
          default:
            AddForeignKey(b, qn, Pick(tables));
        }
        break;
      }
      case kDropConstraint: {
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        if (t.constraints.empty()) return;
        t.constraints.erase(t.constraints.begin() + Uniform<size_t>(0, t.constraints.size()));
        break;
      }
      case kAddIndex:
        if (tables.empty()) return;
        AddIndex(b, Pick(tables));
        break;
      case kDropIndex: {
        auto indexes = Keys(b.indexes);
        if (indexes.empty()) return;
        b.indexes.erase(Pick(indexes));
        break;
      }
      case kComment:
        ChangeComment(b);
        break;
      case kSequence: {
        auto seqs = Keys(b.sequences);
        if (seqs.empty() || Chance(40)) {
          AddSequence(b);
          return;
        }
        Sequence& s = b.sequences.at(Pick(seqs));
        s.cache = s.cache == 1 ? 10 : 1;
        s.cycle = Chance(50);
        if (s.increment > 0) s.max_value = Chance(50) ? std::optional<int64_t>(5000) : std::nullopt;
        break;
      }
      case kRedefineIndex: {
        // Same name, another definition: drop and create.
        auto indexes = Keys(b.indexes);
        if (indexes.empty()) return;
        Index& i = b.indexes.at(Pick(indexes));
        i.unique = !i.unique;
        if (Chance(50) && !i.keys.empty()) i.keys.front().desc = !i.keys.front().desc;
        break;
      }
      case kAddSchema:
        AddSchema(b);
        break;
      case kDropTable:
        if (tables.empty()) return;
        b.tables.erase(Pick(tables));
        break;
      case kDropColumn: {
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        if (t.columns.size() < 2) return;
        t.columns.erase(t.columns.begin() + Uniform<size_t>(0, t.columns.size()));
        break;
      }
      case kAlterType: {
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        if (t.columns.empty()) return;
        Retype(a, b, t.name, t.columns.at(Uniform<size_t>(0, t.columns.size())).name);
        break;
      }
      case kDropSequence: {
        auto seqs = Keys(b.sequences);
        if (seqs.empty()) return;
        b.sequences.erase(Pick(seqs));
        break;
      }
      case kDropSchema: {
        auto schemas = Keys(b.schemas);
        if (schemas.empty()) return;
        const std::string victim = Pick(schemas);
        b.schemas.erase(victim);
        std::erase_if(b.tables, [&](const auto& kv) { return kv.first.schema == victim; });
        std::erase_if(b.sequences, [&](const auto& kv) { return kv.first.schema == victim; });
        break;
      }
      default:
        break;
    }
  }

  // Changes the type of a column of B, when nothing in B forbids it.
  void Retype(const Catalog& a, Catalog& b, const QualifiedName& table, const std::string& column) {
    if (!TypeChangeable(a, b, table, column)) return;
    Column& col = *b.tables.at(table).FindColumn(column);
    // The plan casts from A's type, not from an intermediate one of an earlier mutation.
    std::string original = col.type;
    if (auto old = a.tables.find(table); old != a.tables.end())
      if (const Column* before = old->second.FindColumn(column)) original = before->type;
    col.type = Pick(CastTargets(original));
    if (!col.default_expr.empty())
      col.default_expr = Chance(70) ? DefaultFor(SpecOf(col.type), b, table) : "";
  }

  /// Columns other objects need at their current type (see ObjectGen::Pinned).
  void SetPinned(std::set<std::pair<QualifiedName, std::string>> pinned) {
    pinned_ = std::move(pinned);
  }

  void ChangeComment(Catalog& b) {
    switch (Uniform(0, 4)) {
      case 0: {
        auto tables = Keys(b.tables);
        if (tables.empty()) return;
        Table& t = b.tables.at(Pick(tables));
        if (Chance(50) || t.columns.empty())
          FlipComment(t.comment);
        else
          FlipComment(t.columns.at(Uniform<size_t>(0, t.columns.size())).comment);
        break;
      }
      case 1: {
        auto indexes = Keys(b.indexes);
        if (!indexes.empty()) FlipComment(b.indexes.at(Pick(indexes)).comment);
        break;
      }
      case 2: {
        auto seqs = Keys(b.sequences);
        if (!seqs.empty()) FlipComment(b.sequences.at(Pick(seqs)).comment);
        break;
      }
      default: {
        auto schemas = Keys(b.schemas);
        if (!schemas.empty()) FlipComment(b.schemas.at(Pick(schemas)).comment);
      }
    }
  }

  // Makes a mutated catalog consistent again: what refers to a dropped table, column, sequence or
  // key goes too.
  void Fixup(Catalog& c) const {
    for (auto it = c.tables.begin(); it != c.tables.end();) {
      if (it->first.schema != "public" && !c.schemas.count(it->first.schema))
        it = c.tables.erase(it);
      else
        ++it;
    }
    std::erase_if(c.sequences, [&](const auto& kv) {
      return kv.first.schema != "public" && !c.schemas.count(kv.first.schema);
    });
    for (auto& [qn, t] : c.tables) {
      for (auto& col : t.columns) {
        const std::string text = Text(col.default_expr);
        if (text.find("nextval(") == std::string::npos) continue;
        bool gone = true;
        for (const auto& [sq, _] : c.sequences)
          if (ReferencesSequence(text, sq)) gone = false;
        if (gone) col.default_expr = std::string();
      }
    }
    // Keys and references: repeat until stable (dropping a key can orphan a foreign key).
    for (bool changed = true; changed;) {
      changed = false;
      for (auto& [qn, t] : c.tables) {
        auto bad = [&](const Constraint& con) {
          for (const auto& col : con.columns)
            if (!t.FindColumn(col)) return true;
          if (con.kind == ConstraintKind::kCheck) {
            return !t.FindColumn(check_column_.at(con.name));
          }
          if (con.kind != ConstraintKind::kForeignKey) return false;
          auto ref = c.tables.find(con.ref_table);
          if (ref == c.tables.end()) return true;
          bool keyed = false;
          for (const auto& rc : ref->second.constraints)
            if (rc.kind == ConstraintKind::kPrimaryKey && rc.columns == con.ref_columns)
              keyed = true;
          if (!keyed) return true;
          for (size_t i = 0; i < con.columns.size(); ++i) {
            const Column* local = t.FindColumn(con.columns[i]);
            const Column* remote = ref->second.FindColumn(con.ref_columns[i]);
            if (!remote || local->type != remote->type) return true;
          }
          return false;
        };
        const size_t before = t.constraints.size();
        std::erase_if(t.constraints, bad);
        if (t.constraints.size() != before) changed = true;
      }
    }
    std::erase_if(c.indexes, [&](const auto& kv) {
      auto t = c.tables.find(kv.second.table);
      if (t == c.tables.end()) return true;
      for (const auto& key : kv.second.keys) {
        bool found = false;
        for (const auto& col : t->second.columns)
          if (model::QuoteIdent(col.name) == Text(key.expr)) found = true;
        if (!found) return true;
      }
      if (!kv.second.where.empty() && !t->second.FindColumn(where_column_.at(kv.first.name)))
        return true;
      return false;
    });
    for (auto& [qn, s] : c.sequences) {
      if (s.owned_by_table.name.empty()) continue;
      auto t = c.tables.find(s.owned_by_table);
      if (t == c.tables.end() || !t->second.FindColumn(s.owned_by_column)) {
        s.owned_by_table = {};
        s.owned_by_column.clear();
      }
    }
  }

 private:
  bool quoted_;
  int counter_ = 0;
  // The one column each generated check / index predicate refers to, by object name.
  std::map<std::string, std::string> check_column_;
  std::map<std::string, std::string> where_column_;
  std::set<std::pair<QualifiedName, std::string>> pinned_;
};

// The statements of keel's own creation plan for the base catalog (what `keel dump` prints),
// then the other objects' DDL.
std::vector<std::string> Statements(const Catalog& base, const Objects& objects) {
  std::vector<std::string> out;
  PlanOutcome outcome = PlanBetween(Catalog{}, Normalized(base));
  if (!outcome.error.empty()) throw std::logic_error("planning the base: " + outcome.error);
  for (const auto& step : outcome.plan.steps)
    for (const auto& sql : step.sql) out.push_back(sql);
  const auto more = ObjectStatements(objects);
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

}  // namespace

rc::Gen<CatalogPair> GenCatalogPair(int additive_percent) {
  return rc::gen::exec([additive_percent] {
    CatalogPair pair;
    pair.quoted_names = Chance(30);
    pair.additive_only = Chance(additive_percent);
    Generator gen(pair.quoted_names);
    ObjectGen objects_gen(pair.quoted_names);
    Catalog base_a = gen.GenerateA();
    gen.Fixup(base_a);
    Objects objects_a;
    objects_gen.Generate(base_a, objects_a);
    Catalog base_b = base_a;
    Objects objects_b = objects_a;
    const int mutations = Uniform(1, 8);
    for (int i = 0; i < mutations; ++i) {
      const int what = Uniform(0, 10);
      if (what < 5) {
        gen.SetPinned(ObjectGen::Pinned(objects_b));
        gen.Mutate(base_a, base_b, pair.additive_only);
        gen.Fixup(base_b);
      } else if (what < 9 || pair.additive_only) {
        objects_gen.Mutate(base_b, objects_b, pair.additive_only);
      } else if (auto column = objects_gen.ColumnUnderView(base_b, objects_b)) {
        gen.SetPinned(ObjectGen::Pinned(objects_b));
        gen.Retype(base_a, base_b, column->first, column->second);
      }
      objects_gen.Fixup(base_b, objects_b);
    }
    pair.a_sql = Statements(base_a, objects_a);
    pair.b_sql = Statements(base_b, objects_b);
    pair.a = ParseStatements({pair.a_sql});
    pair.b = ParseStatements({pair.b_sql});
    return pair;
  });
}

model::Catalog ParseStatements(const std::vector<std::vector<std::string>>& files) {
  std::vector<parser::SourceFile> sources;
  for (const auto& statements : files) {
    sources.push_back({"f" + std::to_string(sources.size()) + ".sql", ""});
    for (const auto& sql : statements) sources.back().text += sql + ";\n";
  }
  parser::postgres::ParseResult parsed = parser::postgres::ParseFiles(sources);
  if (!parsed.ok()) {
    std::string message = "the generated DDL does not parse:\n";
    for (const auto& e : parsed.errors) message += e.Render() + "\n";
    throw std::logic_error(message);
  }
  return std::move(parsed.catalog);
}

model::Catalog Normalized(model::Catalog catalog) {
  model::Normalize(catalog);
  return catalog;
}

PlanOutcome PlanBetween(const model::Catalog& from, const model::Catalog& to) {
  PlanOutcome out;
  const diff::ChangeSet changes = diff::Diff(from, to);
  for (const auto& change : changes) out.changes += diff::Describe(change) + "\n";
  planner::PlanResult result = planner::BuildPlan(changes, from, to);
  out.plan = std::move(result.plan);
  out.error = std::move(result.error);
  return out;
}

void showValue(const CatalogPair& pair, std::ostream& os) {
  os << "additive_only=" << pair.additive_only << " quoted_names=" << pair.quoted_names
     << "\n---- A ----\n";
  for (const auto& sql : pair.a_sql) os << sql << ";\n";
  os << "---- B ----\n";
  for (const auto& sql : pair.b_sql) os << sql << ";\n";
}

}  // namespace keel::proptest
