// Partitioning and inheritance: PARTITION BY keys, partition bounds, storage parameters, and the
// pass that strips from children what they inherit (the canonical form of model::Table).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "parser/postgres/partition.h"
#include "parser/postgres/transform.h"

namespace keel::parser::postgres {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A bound value as written: its text and what kind of constant it is.
struct Datum {
  enum Kind { kString, kNumber, kBool, kNull, kMinValue, kMaxValue, kOther } kind = kOther;
  std::string text;
};

Datum ReadDatum(Node* node) {
  if (node->node_case == PG_QUERY__NODE__NODE_PARTITION_RANGE_DATUM &&
      node->partition_range_datum->value != nullptr)
    node = node->partition_range_datum->value;
  // 'x'::date: the server stores the value, so the cast does not matter.
  while (node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && node->type_cast->arg != nullptr)
    node = node->type_cast->arg;
  if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
    std::string name = NameList(node->column_ref->fields, node->column_ref->n_fields).back();
    if (name == "minvalue") return {Datum::kMinValue, "MINVALUE"};
    if (name == "maxvalue") return {Datum::kMaxValue, "MAXVALUE"};
  }
  if (node->node_case != PG_QUERY__NODE__NODE_A_CONST) return {Datum::kOther, DeparseExpr(node)};
  const PgQuery__AConst* c = node->a_const;
  if (c->isnull) return {Datum::kNull, "NULL"};
  switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      return {Datum::kNumber, std::to_string(c->ival->ival)};
    case PG_QUERY__A__CONST__VAL_FVAL:
      return {Datum::kNumber, c->fval->fval};
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      return {Datum::kBool, c->boolval->boolval ? "true" : "false"};
    case PG_QUERY__A__CONST__VAL_SVAL:
      return {Datum::kString, c->sval->sval};
    default:
      return {Datum::kOther, DeparseExpr(node)};
  }
}

// "2022-03-01 01:00:00+01" -> fields; false when the text is not a plain ISO date/timestamp.
struct Timestamp {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string fraction;  // digits after the point, trailing zeros removed
  bool has_offset = false;
  int offset_seconds = 0;  // east of UTC
};

bool ParseTimestamp(const std::string& text, Timestamp* ts) {
  int n = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &ts->year, &ts->month, &ts->day, &n) != 3)
    return false;
  size_t i = static_cast<size_t>(n);
  if (i < text.size() && (text[i] == ' ' || text[i] == 'T')) {
    int m = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d%n", &ts->hour, &ts->minute, &m) != 2)
      return false;
    i += 1 + static_cast<size_t>(m);
    if (i < text.size() && text[i] == ':') {
      if (std::sscanf(text.c_str() + i + 1, "%2d%n", &ts->second, &m) != 1) return false;
      i += 1 + static_cast<size_t>(m);
    }
    if (i < text.size() && text[i] == '.') {
      for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
        ts->fraction += text[i];
      while (!ts->fraction.empty() && ts->fraction.back() == '0') ts->fraction.pop_back();
    }
  }
  if (i < text.size() && (text[i] == 'Z' || text.compare(i, 4, " UTC") == 0)) {
    ts->has_offset = true;
    i = text.size();
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int sign = text[i] == '-' ? -1 : 1, oh = 0, om = 0, m = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d%n", &oh, &m) != 1) return false;
    i += 1 + static_cast<size_t>(m);
    if (i < text.size() && text[i] == ':') {
      if (std::sscanf(text.c_str() + i + 1, "%2d%n", &om, &m) != 1) return false;
      i += 1 + static_cast<size_t>(m);
    }
    ts->has_offset = true;
    ts->offset_seconds = sign * (oh * 3600 + om * 60);
  }
  return i == text.size();
}

std::string FormatTimestamp(Timestamp ts, bool with_zone, bool time) {
  using namespace std::chrono;
  if (with_zone && ts.offset_seconds != 0) {
    sys_days day = year{ts.year} / ts.month / ts.day;
    auto t = sys_seconds(day) + hours{ts.hour} + minutes{ts.minute} + seconds{ts.second} -
             seconds{ts.offset_seconds};
    sys_days d = floor<days>(t);
    year_month_day ymd(d);
    hh_mm_ss hms(t - d);
    ts.year = static_cast<int>(ymd.year());
    ts.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    ts.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    ts.hour = static_cast<int>(hms.hours().count());
    ts.minute = static_cast<int>(hms.minutes().count());
    ts.second = static_cast<int>(hms.seconds().count());
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", ts.year, ts.month, ts.day);
  std::string out = buf;
  if (!time) return out;
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", ts.hour, ts.minute, ts.second);
  out += buf;
  if (!ts.fraction.empty()) out += "." + ts.fraction;
  // Introspection runs with TimeZone = UTC, so the server prints every value at +00.
  if (with_zone) out += "+00";
  return out;
}

// Whether the server prints a value of `type` bare (get_const_expr): integers unless negative,
// numerics with a decimal point or exponent; everything else (smallint, bigint too) quoted.
bool PrintsBare(const std::string& type, const std::string& value) {
  if (value.empty() || !std::isdigit(static_cast<unsigned char>(value[0]))) return false;
  if (type == "integer") return true;
  return type.substr(0, type.find('(')) == "numeric" &&
         value.find_first_of("eE.") != std::string::npos;
}

// One bound value as the server prints a value of `type` ("" = unknown: keep the literal kind).
std::string FormatDatum(const Datum& d, const std::string& type) {
  switch (d.kind) {
    case Datum::kNull:
    case Datum::kMinValue:
    case Datum::kMaxValue:
    case Datum::kOther:
      return d.text;
    case Datum::kBool:
      return type.empty() || type == "boolean" ? d.text : model::QuoteLiteral(d.text);
    default:
      break;
  }
  if (type.empty() ? d.kind == Datum::kNumber : PrintsBare(type, d.text)) return d.text;
  if (type == "boolean") return d.text == "t" || d.text == "true" ? "true" : "false";
  Timestamp ts;
  bool zone = type == "timestamp with time zone";
  if ((zone || type == "timestamp without time zone" || type == "date") &&
      ParseTimestamp(d.text, &ts))
    return model::QuoteLiteral(FormatTimestamp(ts, zone, type != "date"));
  return model::QuoteLiteral(d.text);
}

std::string DatumList(Node* const* items, size_t n, const std::vector<std::string>& key_types,
                      bool per_column) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    // LIST bounds are values of the single key column; RANGE bounds have one per column.
    size_t k = per_column ? i : 0;
    std::string type = k < key_types.size() ? key_types[k] : "";
    out += (i ? ", " : "") + FormatDatum(ReadDatum(items[i]), type);
  }
  return out;
}

PgQuery__CreateStmt* ParseCreate(const std::string& sql, ParsedSql& parsed) {
  parsed = ParseSql(sql);
  if (parsed.tree == nullptr || parsed.tree->n_stmts != 1 ||
      parsed.tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_CREATE_STMT)
    return nullptr;
  return parsed.tree->stmts[0]->stmt->create_stmt;
}

std::string OptionValue(const PgQuery__DefElem* def) {
  const Node* arg = def->arg;
  if (arg == nullptr) return "true";
  switch (arg->node_case) {
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(arg->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
      return arg->float_->fval;
    case PG_QUERY__NODE__NODE_BOOLEAN:
      return arg->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_TYPE_NAME:
      return StrVal(arg->type_name->names[arg->type_name->n_names - 1]);
    default:
      return StrVal(arg);
  }
}

const model::Table* FindIn(const model::Catalog& catalog, const model::QualifiedName& name) {
  auto it = catalog.tables.find(name);
  return it == catalog.tables.end() ? nullptr : &it->second;
}

}  // namespace

model::Expr PartitionKey(PgQuery__PartitionSpec* spec, Arena& arena) {
  std::string sql = Upper(spec->strategy != nullptr ? spec->strategy : "") + " (";
  std::string key = sql;
  for (size_t i = 0; i < spec->n_part_params; ++i) {
    if (spec->part_params[i]->node_case != PG_QUERY__NODE__NODE_PARTITION_ELEM) continue;
    PgQuery__PartitionElem* elem = spec->part_params[i]->partition_elem;
    std::string elem_sql, elem_key;
    if (elem->expr != nullptr) {
      elem_sql = "(" + DeparseExpr(elem->expr) + ")";
      elem_key = "(" + CanonicalNode(elem->expr, arena) + ")";
    } else {
      elem_sql = elem_key = model::QuoteIdent(elem->name != nullptr ? elem->name : "");
    }
    std::string tail;
    if (elem->n_collation > 0)
      tail += " COLLATE " + CatalogName(NameList(elem->collation, elem->n_collation));
    if (elem->n_opclass > 0) tail += " " + CatalogName(NameList(elem->opclass, elem->n_opclass));
    sql += (i ? ", " : "") + elem_sql + tail;
    key += (i ? ", " : "") + elem_key + tail;
  }
  return model::Expr(sql + ")", key + ")");
}

std::string PartitionBound(PgQuery__PartitionBoundSpec* b,
                           const std::vector<std::string>& key_types) {
  if (b->is_default) return "DEFAULT";
  std::string strategy = b->strategy != nullptr ? b->strategy : "";
  if (strategy == "h")
    return "FOR VALUES WITH (modulus " + std::to_string(b->modulus) + ", remainder " +
           std::to_string(b->remainder) + ")";
  if (strategy == "l")
    return "FOR VALUES IN (" + DatumList(b->listdatums, b->n_listdatums, key_types, false) + ")";
  return "FOR VALUES FROM (" + DatumList(b->lowerdatums, b->n_lowerdatums, key_types, true) +
         ") TO (" + DatumList(b->upperdatums, b->n_upperdatums, key_types, true) + ")";
}

std::vector<std::string> StorageOptions(Ctx& ctx, Node* const* items, size_t n, bool reset) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    if (items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* def = items[i]->def_elem;
    if (def->defnamespace != nullptr && def->defnamespace[0] != '\0') {
      ctx.Error(def->location, "unsupported storage parameter: " + std::string(def->defnamespace) +
                                   "." + def->defname);
      continue;
    }
    out.push_back(reset ? std::string(def->defname)
                        : std::string(def->defname) + "=" + OptionValue(def));
  }
  std::sort(out.begin(), out.end());
  return out;
}

model::Expr ServerPartitionKey(const std::string& partkeydef) {
  if (partkeydef.empty()) return {};
  ParsedSql parsed;
  PgQuery__CreateStmt* stmt = ParseCreate("CREATE TABLE x () PARTITION BY " + partkeydef, parsed);
  if (stmt == nullptr || stmt->partspec == nullptr) return model::Expr(partkeydef);
  model::Expr key = PartitionKey(stmt->partspec, *parsed.arena);
  return model::Expr(partkeydef, key.key);
}

std::string CanonicalPartitionBound(const std::string& bound,
                                    const std::vector<std::string>& key_types) {
  if (bound.empty()) return bound;
  ParsedSql parsed;
  PgQuery__CreateStmt* stmt = ParseCreate("CREATE TABLE x PARTITION OF y " + bound, parsed);
  if (stmt == nullptr || stmt->partbound == nullptr) return bound;
  return PartitionBound(stmt->partbound, key_types);
}

std::vector<std::string> PartitionKeyColumns(const model::Expr& key) {
  std::vector<std::string> out;
  ParsedSql parsed;
  PgQuery__CreateStmt* stmt = ParseCreate("CREATE TABLE x () PARTITION BY " + key.sql, parsed);
  if (stmt == nullptr || stmt->partspec == nullptr) return out;
  for (size_t i = 0; i < stmt->partspec->n_part_params; ++i) {
    const Node* node = stmt->partspec->part_params[i];
    const char* name = node->node_case == PG_QUERY__NODE__NODE_PARTITION_ELEM
                           ? node->partition_elem->name
                           : nullptr;
    out.push_back(name != nullptr ? name : "");
  }
  return out;
}

void ResolveInheritance(model::Catalog& catalog, const std::vector<IndexAttach>& attaches,
                        std::vector<Diagnostic>& errors) {
  auto error = [&](const model::SourceLoc& loc, std::string message) {
    Diagnostic d;
    d.loc = loc;
    d.message = std::move(message);
    errors.push_back(std::move(d));
  };
  // Indexes attached to a parent's index are the server's copies: not part of the catalog.
  for (const auto& a : attaches) {
    if (catalog.indexes.erase(a.child) > 0) continue;
    bool found = false;
    for (auto& [qn, table] : catalog.tables) {
      if (qn.schema != a.child.schema) continue;
      auto& cons = table.constraints;
      auto it = std::find_if(cons.begin(), cons.end(), [&](const model::Constraint& c) {
        return c.name == a.child.name && c.kind != model::ConstraintKind::kCheck &&
               c.kind != model::ConstraintKind::kForeignKey;
      });
      if (it == cons.end()) continue;
      cons.erase(it);
      found = true;
      break;
    }
    if (!found) error(a.loc, "index " + a.child.Display() + " does not exist");
  }
  // Partitions: columns and same-named CHECK constraints come from the parent.
  for (auto& [qn, table] : catalog.tables) {
    if (table.partition_of.name.empty()) continue;
    const model::Table* root = catalog.PartitionRoot(table);
    if (root == nullptr) {
      error(table.loc, "partition parent of " + table.name.Display() + " does not exist");
      continue;
    }
    std::set<std::string> inherited_checks;
    for (const model::Table* t = FindIn(catalog, table.partition_of); t != nullptr;
         t = t == root ? nullptr : FindIn(catalog, t->partition_of)) {
      for (const auto& c : t->constraints)
        if (c.kind == model::ConstraintKind::kCheck && !c.no_inherit)
          inherited_checks.insert(c.name);
    }
    std::erase_if(table.columns,
                  [&](const model::Column& col) { return root->FindColumn(col.name) != nullptr; });
    std::erase_if(table.constraints, [&](const model::Constraint& c) {
      return c.kind == model::ConstraintKind::kCheck && inherited_checks.count(c.name) > 0;
    });
    std::vector<std::string> key_types;
    const model::Table* parent = FindIn(catalog, table.partition_of);
    for (const auto& column : PartitionKeyColumns(parent->partition_by)) {
      const model::Column* col = root->FindColumn(column);
      key_types.push_back(col != nullptr ? col->type : "");
    }
    table.partition_bound = CanonicalPartitionBound(table.partition_bound, key_types);
  }
}

}  // namespace keel::parser::postgres
