#include "model/normalize.h"

#include <algorithm>
#include <limits>
#include <set>

namespace keel::model {
namespace {

constexpr size_t kMaxIdentifierBytes = 63;

// Truncation never splits a UTF-8 sequence, as the server's pg_mbcliplen() does.
size_t ClipUtf8(const std::string& s, size_t n) {
  if (n >= s.size()) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

std::string JoinNames(const std::vector<std::string>& names) {
  // ChooseIndexNameAddition(): names joined by '_', stopping once long enough.
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += "_";
    out += n;
    if (out.size() >= kMaxIdentifierBytes) break;
  }
  return out;
}

// The column name the server picks for an index key (FigureColname): the column itself, the
// function name of a call, or "expr".
std::string KeyName(const IndexKey& key) {
  if (!key.is_expression) {
    std::string s = key.expr.key;
    if (s.size() >= 2 && s.front() == '"') {
      std::string out;
      for (size_t i = 1; i + 1 < s.size(); ++i) {
        if (s[i] == '"') ++i;
        out += s[i];
      }
      return out;
    }
    return s;
  }
  std::string s = key.expr.key;
  size_t i = 0;
  while (i < s.size() && s[i] == '(') ++i;
  size_t start = i;
  while (i < s.size() &&
         (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '.')) {
    ++i;
  }
  if (i < s.size() && s[i] == '(' && i > start) {
    std::string fn = s.substr(start, i - start);
    auto dot = fn.rfind('.');
    return dot == std::string::npos ? fn : fn.substr(dot + 1);
  }
  return "expr";
}

// Names already used by relations (tables, indexes, sequences) of one schema, plus the
// constraint names of one table: the two namespaces the server checks when choosing a name.
class NameChooser {
 public:
  explicit NameChooser(const Catalog& catalog) {
    for (const auto& [qn, _] : catalog.tables) relations_.insert(qn);
    for (const auto& [qn, _] : catalog.indexes) relations_.insert(qn);
    for (const auto& [qn, _] : catalog.sequences) relations_.insert(qn);
    for (const auto& [qn, t] : catalog.tables) {
      for (const auto& c : t.constraints) {
        if (c.name.empty()) continue;
        constraints_.insert({qn, c.name});
        if (UsesIndex(c.kind)) relations_.insert({qn.schema, c.name});
      }
    }
  }

  static bool UsesIndex(ConstraintKind kind) {
    return kind == ConstraintKind::kPrimaryKey || kind == ConstraintKind::kUnique ||
           kind == ConstraintKind::kExclude;
  }

  // ChooseRelationName()/ChooseConstraintName(): append 1, 2, … to the label until unused.
  std::string Choose(const QualifiedName& table, const std::string& name1, const std::string& name2,
                     const std::string& label, bool relation, bool constraint) {
    for (int pass = 0;; ++pass) {
      std::string candidate =
          MakeObjectName(name1, name2, pass == 0 ? label : label + std::to_string(pass));
      bool taken = (relation && relations_.count({table.schema, candidate})) ||
                   (constraint && constraints_.count({table, candidate}));
      if (!taken) {
        if (relation) relations_.insert({table.schema, candidate});
        if (constraint) constraints_.insert({table, candidate});
        return candidate;
      }
    }
  }

 private:
  std::set<QualifiedName> relations_;
  std::set<std::pair<QualifiedName, std::string>> constraints_;
};

// The middle and last parts of the name the server gives an unnamed constraint.
std::pair<std::string, std::string> ConstraintNameParts(const Table& table, const Constraint& c) {
  switch (c.kind) {
    case ConstraintKind::kPrimaryKey:
      return {"", "pkey"};
    case ConstraintKind::kUnique:
      return {JoinNames(c.columns), "key"};
    case ConstraintKind::kExclude:
      return {JoinNames(c.columns), "excl"};
    case ConstraintKind::kForeignKey:
      return {JoinNames(c.columns), "fkey"};
    case ConstraintKind::kCheck:
      break;
  }
  // The server names a CHECK after its column only when it references exactly one.
  if (!c.columns.empty()) return {c.columns.front(), "check"};
  if (auto refs = ReferencedColumns(table, c.check_expr.key); refs.size() == 1)
    return {refs.front(), "check"};
  return {"", "check"};
}

void NameConstraints(Catalog& catalog, NameChooser& chooser) {
  for (auto& [qn, table] : catalog.tables) {
    for (auto& c : table.constraints) {
      if (!c.name.empty()) continue;
      c.name_generated = true;
      const auto [name2, label] = ConstraintNameParts(table, c);
      c.name = chooser.Choose(qn, qn.name, name2, label, NameChooser::UsesIndex(c.kind), true);
    }
  }
}

void NameIndexes(Catalog& catalog, NameChooser& chooser) {
  std::vector<Index> renamed;
  for (auto it = catalog.indexes.begin(); it != catalog.indexes.end();) {
    if (!it->second.name.name.empty()) {
      ++it;
      continue;
    }
    renamed.push_back(std::move(it->second));
    it = catalog.indexes.erase(it);
  }
  // Declaration order decides which unnamed index gets the unsuffixed name.
  std::stable_sort(renamed.begin(), renamed.end(), [](const Index& a, const Index& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) <
           std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
  for (auto& index : renamed) {
    std::vector<std::string> names;
    for (const auto& k : index.keys) names.push_back(KeyName(k));
    for (const auto& inc : index.include) names.push_back(inc);
    index.name.schema = index.table.schema;
    index.name.name =
        chooser.Choose(index.table, index.table.name, JoinNames(names), "idx", true, false);
    index.name_generated = true;
    catalog.indexes.emplace(index.name, std::move(index));
  }
}

}  // namespace

std::vector<std::string> ReferencedColumns(const Table& table, const std::string& expr) {
  std::vector<std::string> out;
  auto add = [&](const std::string& ident) {
    if (table.FindColumn(ident) && std::find(out.begin(), out.end(), ident) == out.end())
      out.push_back(ident);
  };
  size_t i = 0;
  while (i < expr.size()) {
    char c = expr[i];
    if (c == '\'') {
      for (++i; i < expr.size(); ++i) {
        if (expr[i] == '\'' && (i + 1 >= expr.size() || expr[i + 1] != '\'')) break;
        if (expr[i] == '\'') ++i;
      }
      ++i;
    } else if (c == '"') {
      std::string ident;
      for (++i; i < expr.size(); ++i) {
        if (expr[i] == '"' && (i + 1 >= expr.size() || expr[i + 1] != '"')) break;
        if (expr[i] == '"') ++i;
        ident += expr[i];
      }
      ++i;
      add(ident);
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = i;
      while (i < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[i])) ||
                                 expr[i] == '_' || expr[i] == '$'))
        ++i;
      bool is_call = i < expr.size() && expr[i] == '(';
      bool after_dot = start > 0 && expr[start - 1] == '.';
      if (!is_call && !after_dot) add(expr.substr(start, i - start));
    } else {
      ++i;
    }
  }
  return out;
}

std::string MakeObjectName(const std::string& name1, const std::string& name2,
                           const std::string& label) {
  size_t name1chars = name1.size();
  size_t name2chars = name2.size();
  size_t overhead = label.empty() ? 0 : label.size() + 1;
  if (!name2.empty()) overhead += 1;
  size_t avail = kMaxIdentifierBytes - overhead;
  while (name1chars + name2chars > avail) {
    if (name1chars > name2chars)
      --name1chars;
    else
      --name2chars;
  }
  name1chars = ClipUtf8(name1, name1chars);
  name2chars = ClipUtf8(name2, name2chars);
  std::string out = name1.substr(0, name1chars);
  if (!name2.empty()) out += "_" + name2.substr(0, name2chars);
  if (!label.empty()) out += "_" + label;
  return out;
}

int64_t SequenceTypeMin(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::min();
  if (type == "integer") return std::numeric_limits<int32_t>::min();
  return std::numeric_limits<int64_t>::min();
}

int64_t SequenceTypeMax(const std::string& type) {
  if (type == "smallint") return std::numeric_limits<int16_t>::max();
  if (type == "integer") return std::numeric_limits<int32_t>::max();
  return std::numeric_limits<int64_t>::max();
}

// COMMENT ON … IS '' removes the comment, so an empty comment is no comment.
void DropEmptyComment(std::optional<std::string>& comment) {
  if (comment && comment->empty()) comment.reset();
}

void DropEmptyComments(Catalog& catalog) {
  for (auto& [name, schema] : catalog.schemas) DropEmptyComment(schema.comment);
  for (auto& [qn, table] : catalog.tables) {
    DropEmptyComment(table.comment);
    for (auto& col : table.columns) DropEmptyComment(col.comment);
    for (auto& c : table.constraints) DropEmptyComment(c.comment);
  }
  for (auto& [qn, index] : catalog.indexes) DropEmptyComment(index.comment);
  for (auto& [qn, seq] : catalog.sequences) DropEmptyComment(seq.comment);
  for (auto& [qn, view] : catalog.views) DropEmptyComment(view.comment);
  for (auto& [qn, e] : catalog.enums) DropEmptyComment(e.comment);
  for (auto& [qn, domain] : catalog.domains) DropEmptyComment(domain.comment);
  for (auto& [qn, type] : catalog.composites) DropEmptyComment(type.comment);
  for (auto& [name, extension] : catalog.extensions) DropEmptyComment(extension.comment);
  for (auto& [key, function] : catalog.functions) DropEmptyComment(function.comment);
  for (auto& [key, trigger] : catalog.triggers) DropEmptyComment(trigger.comment);
  for (auto& [key, definition] : catalog.definitions) DropEmptyComment(definition.comment);
  for (auto& [key, policy] : catalog.policies) DropEmptyComment(policy.comment);
}

void Normalize(Catalog& catalog) {
  DropEmptyComments(catalog);
  NameChooser chooser(catalog);
  NameConstraints(catalog, chooser);
  NameIndexes(catalog, chooser);

  for (auto& [qn, table] : catalog.tables) {
    for (auto& c : table.constraints) {
      if (c.kind == ConstraintKind::kPrimaryKey) {
        for (const auto& col : c.columns)
          if (auto* column = table.FindColumn(col)) column->not_null = true;
      }
    }
    for (auto& col : table.columns)
      if (col.identity != Identity::kNone) col.not_null = true;
  }
  // A REFERENCES without columns means the referenced table's primary key.
  for (auto& [qn, table] : catalog.tables) {
    for (auto& c : table.constraints) {
      if (c.kind != ConstraintKind::kForeignKey || !c.ref_columns.empty()) continue;
      auto ref = catalog.tables.find(c.ref_table);
      if (ref == catalog.tables.end()) continue;
      for (const auto& rc : ref->second.constraints)
        if (rc.kind == ConstraintKind::kPrimaryKey) c.ref_columns = rc.columns;
    }
    std::sort(table.constraints.begin(), table.constraints.end(),
              [](const Constraint& a, const Constraint& b) { return a.name < b.name; });
  }
  for (auto& [qn, seq] : catalog.sequences) {
    bool ascending = seq.increment > 0;
    int64_t def_min = ascending ? 1 : SequenceTypeMin(seq.type);
    int64_t def_max = ascending ? SequenceTypeMax(seq.type) : -1;
    if (seq.min_value == def_min) seq.min_value.reset();
    if (seq.max_value == def_max) seq.max_value.reset();
  }
  for (auto& [qn, index] : catalog.indexes) {
    if (!index.unique) index.nulls_not_distinct = false;
  }
  // A policy's roles are a set; PUBLIC (also the default) absorbs any other role, as on the
  // server.
  for (auto& [key, policy] : catalog.policies) {
    auto& roles = policy.roles;
    std::sort(roles.begin(), roles.end());
    roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
    if (roles.empty() || std::find(roles.begin(), roles.end(), "PUBLIC") != roles.end())
      roles = {"PUBLIC"};
  }
}

std::string DefaultConstraintName(const Table& table, const Constraint& c) {
  const auto [name2, label] = ConstraintNameParts(table, c);
  return MakeObjectName(table.name.name, name2, label);
}

}  // namespace keel::model
