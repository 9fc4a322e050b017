#include "planner/mysql/online.h"

#include <algorithm>

namespace keel::planner::mysql {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool Covers(const model::Index& index, const std::string& column) {
  return std::any_of(index.keys.begin(), index.keys.end(), [&](const model::IndexKey& k) {
    return !k.is_expression && Lower(k.expr.sql) == Lower(column);
  });
}

bool InAnyKey(const model::Table& table, const std::string& column,
              const std::vector<const model::Index*>& indexes) {
  for (const auto* i : indexes)
    if (Covers(*i, column)) return true;
  for (const auto& c : table.constraints)
    if (std::find(c.columns.begin(), c.columns.end(), column) != c.columns.end()) return true;
  return false;
}

// A literal or CURRENT_TIMESTAMP default (stored in the dictionary); an (expression) is not.
bool PlainDefault(const model::Expr& def) { return def.empty() || def.sql.front() != '('; }

// "varchar(40)" -> ("varchar", 40); -1 when not of that shape.
std::pair<std::string, int> Sized(const std::string& type) {
  size_t open = type.find('(');
  if (open == std::string::npos || type.back() != ')') return {type, -1};
  std::string n = type.substr(open + 1, type.size() - open - 2);
  if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos) return {type, -1};
  return {type.substr(0, open), std::stoi(n)};
}

int Members(const std::string& type) {
  int n = 0;
  bool quoted = false;
  for (size_t i = type.find('('); i < type.size(); ++i) {
    if (type[i] == '\'') {
      if (quoted && i + 1 < type.size() && type[i + 1] == '\'') {
        ++i;
        continue;
      }
      quoted = !quoted;
      if (quoted) ++n;
    }
  }
  return n;
}

}  // namespace

bool Online(const model::Table& t) {
  return (t.engine.empty() || Lower(t.engine) == "innodb") && t.partition_by.empty();
}

bool InstantColumns(const model::Table& t, const std::vector<const model::Index*>& indexes) {
  if (!Online(t)) return false;
  for (const auto& o : t.options)
    if (Lower(o) == "row_format=compressed") return false;
  return std::none_of(indexes.begin(), indexes.end(),
                      [](const model::Index* i) { return i->method == "fulltext"; });
}

Algorithm AddColumnAlgorithm(const model::Table& t, const model::Column& c,
                             const std::vector<const model::Index*>& indexes) {
  if (!Online(t) || c.auto_increment || !PlainDefault(c.default_expr)) return Algorithm::kCopy;
  if (!c.generated.empty()) return c.generated_virtual ? Algorithm::kInplace : Algorithm::kCopy;
  return InstantColumns(t, indexes) ? Algorithm::kInstant : Algorithm::kCopy;
}

Algorithm DropColumnAlgorithm(const model::Table& t, const model::Column& c,
                              const std::vector<const model::Index*>& indexes) {
  if (!Online(t)) return Algorithm::kCopy;
  if (const auto* pk = t.FindConstraint("PRIMARY");
      pk && std::find(pk->columns.begin(), pk->columns.end(), c.name) != pk->columns.end())
    return Algorithm::kCopy;  // the clustered index changes
  if (!c.generated.empty() && !c.generated_virtual) return Algorithm::kInplace;
  if (!InstantColumns(t, indexes) || InAnyKey(t, c.name, indexes)) return Algorithm::kInplace;
  return Algorithm::kInstant;
}

Algorithm RenameColumnAlgorithm(const model::Catalog& catalog, const model::Table& t,
                                const std::string& column,
                                const std::vector<const model::Index*>& indexes) {
  if (!Online(t)) return Algorithm::kCopy;
  if (InAnyKey(t, column, indexes)) return Algorithm::kInplace;
  for (const auto& [qn, other] : catalog.tables)
    for (const auto& c : other.constraints)
      if (c.kind == model::ConstraintKind::kForeignKey && c.ref_table == t.name &&
          std::find(c.ref_columns.begin(), c.ref_columns.end(), column) != c.ref_columns.end())
        return Algorithm::kInplace;
  return Algorithm::kInstant;
}

Algorithm AlterColumnAlgorithm(const diff::AlterColumn& c, const model::Table& t) {
  if (!Online(t)) return Algorithm::kCopy;
  constexpr uint32_t kCopies = diff::kColumnCollation | diff::kColumnCharset |
                               diff::kColumnAutoIncrement | diff::kColumnGenerated |
                               diff::kColumnOnUpdate | diff::kColumnIdentity;
  if (c.what & kCopies) return Algorithm::kCopy;
  Algorithm algo = Algorithm::kInstant;
  if (c.what & diff::kColumnType) {
    if (WidensVarchar(c.from.type, c.to.type, c.to.charset)) {
      algo = Algorithm::kInplace;
    } else if (!AppendsMembers(c.from.type, c.to.type)) {
      return Algorithm::kCopy;
    }
  }
  if (c.what & diff::kColumnDefault && !PlainDefault(c.to.default_expr)) return Algorithm::kCopy;
  if (c.what & (diff::kColumnNotNull | diff::kColumnComment))
    algo = Weakest(algo, Algorithm::kInplace);
  return algo;
}

int MaxBytesPerChar(const std::string& charset) {
  const std::string cs = Lower(charset);
  if (cs.empty() || cs == "binary" || cs == "latin1" || cs == "ascii" || cs == "latin2" ||
      cs == "cp1250" || cs == "cp1251" || cs == "cp1252" || cs == "greek" || cs == "hebrew")
    return 1;
  if (cs == "ucs2") return 2;
  if (cs == "utf8mb3" || cs == "utf8") return 3;
  if (cs == "utf8mb4" || cs == "utf16" || cs == "utf32" || cs == "utf16le") return 4;
  return 0;
}

bool WidensVarchar(const std::string& from, const std::string& to, const std::string& charset) {
  auto [from_kind, from_n] = Sized(from);
  auto [to_kind, to_n] = Sized(to);
  if (from_kind != to_kind || (from_kind != "varchar" && from_kind != "varbinary")) return false;
  if (from_n < 0 || to_n <= from_n) return false;
  int bytes = from_kind == "varbinary" ? 1 : MaxBytesPerChar(charset);
  if (bytes == 0) return false;
  return (from_n * bytes < 256) == (to_n * bytes < 256);
}

bool AppendsMembers(const std::string& from, const std::string& to) {
  bool is_enum = from.rfind("enum(", 0) == 0, is_set = from.rfind("set(", 0) == 0;
  if ((!is_enum && !is_set) || from.size() >= to.size() || from.back() != ')') return false;
  std::string head = from.substr(0, from.size() - 1);
  if (to.compare(0, head.size(), head) != 0 || to[head.size()] != ',') return false;
  int a = Members(from), b = Members(to);
  if (is_enum) return (a < 256) == (b < 256);
  auto bytes = [](int n) { return n <= 8 ? 1 : n <= 16 ? 2 : n <= 24 ? 3 : n <= 32 ? 4 : 8; };
  return bytes(a) == bytes(b);
}

}  // namespace keel::planner::mysql
