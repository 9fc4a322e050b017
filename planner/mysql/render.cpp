#include "planner/mysql/render.h"

#include <cctype>

#include "planner/sql_builder.h"

namespace keel::planner::mysql {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Columns(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + Ident(columns[i]);
  return out + ")";
}

bool Bare(const std::string& value) {
  if (value.empty()) return false;
  for (char c : value)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

}  // namespace

std::string Ident(const std::string& name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

std::string Name(const model::QualifiedName& name) {
  return name.schema.empty() ? Ident(name.name) : Ident(name.schema) + "." + Ident(name.name);
}

std::string Literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "''";
    else if (c == '\\')
      out += "\\\\";
    else
      out += c;
  }
  return out + "'";
}

std::string ColumnDefinition(const model::Column& c, const model::Table& table) {
  std::string out = Ident(c.name) + " " + c.type;
  if (!c.charset.empty() && c.charset != table.charset) {
    out += " CHARACTER SET " + c.charset;
    if (!c.collation.empty()) out += " COLLATE " + c.collation;
  } else if (!c.collation.empty() && c.collation != table.collation) {
    out += " COLLATE " + c.collation;
  }
  if (!c.generated.empty())
    out += " GENERATED ALWAYS AS (" + c.generated.sql + ")" +
           (c.generated_virtual ? " VIRTUAL" : " STORED");
  if (c.not_null) {
    out += " NOT NULL";
  } else if (c.type.rfind("timestamp", 0) == 0 && c.generated.empty()) {
    // Without explicit_defaults_for_timestamp a bare TIMESTAMP column becomes NOT NULL.
    out += " NULL";
  }
  if (!c.default_expr.empty()) out += " DEFAULT " + c.default_expr.sql;
  if (!c.on_update.empty()) out += " ON UPDATE " + c.on_update.sql;
  if (c.auto_increment) out += " AUTO_INCREMENT";
  if (c.comment) out += " COMMENT " + Literal(*c.comment);
  if (const auto* check = ColumnCheck(table, c.name))
    out += " CHECK (" + check->check_expr.sql + ")";
  return out;
}

const model::Constraint* ColumnCheck(const model::Table& table, const std::string& column) {
  for (const auto& con : table.constraints)
    if (con.kind == model::ConstraintKind::kCheck && Upper(con.name) == Upper(column)) return &con;
  return nullptr;
}

std::string KeyParts(const model::Index& index) {
  std::string out = "(";
  for (size_t i = 0; i < index.keys.size(); ++i) {
    const auto& k = index.keys[i];
    if (i) out += ",";
    out += k.is_expression ? k.expr.sql : Ident(k.expr.sql);
    if (k.prefix_length > 0) out += "(" + std::to_string(k.prefix_length) + ")";
    if (k.desc) out += " DESC";
  }
  return out + ")";
}

std::string IndexDefinition(const model::Index& index, const std::string& engine) {
  std::string kind = index.method == "fulltext"  ? "FULLTEXT KEY "
                     : index.method == "spatial" ? "SPATIAL KEY "
                     : index.method == "vector"  ? "VECTOR KEY "
                     : index.unique              ? "UNIQUE KEY "
                                                 : "KEY ";
  std::string out = kind + Ident(index.name.name) + " " + KeyParts(index);
  std::string e = Upper(engine);
  if (index.method == "hash") out += " USING HASH";
  if (index.method == "btree" && (e == "MEMORY" || e == "HEAP")) out += " USING BTREE";
  for (const auto& [name, value] : index.options) out += " " + Upper(name) + "=" + value;
  if (index.comment) out += " COMMENT " + Literal(*index.comment);
  return out;
}

std::string ConstraintDefinition(const model::Constraint& c) {
  switch (c.kind) {
    case model::ConstraintKind::kPrimaryKey:
      return "PRIMARY KEY " + Columns(c.columns);
    case model::ConstraintKind::kForeignKey: {
      std::string out = "CONSTRAINT " + Ident(c.name) + " FOREIGN KEY " + Columns(c.columns) +
                        " REFERENCES " + Name(c.ref_table) + " " + Columns(c.ref_columns);
      if (c.on_delete != 'r') out += " ON DELETE " + sql::FkAction(c.on_delete);
      if (c.on_update != 'r') out += " ON UPDATE " + sql::FkAction(c.on_update);
      return out;
    }
    case model::ConstraintKind::kUnique:
      return "CONSTRAINT " + Ident(c.name) + " UNIQUE " + Columns(c.columns);
    default:
      return "CONSTRAINT " + Ident(c.name) + " CHECK (" + c.check_expr.sql + ")";
  }
}

std::string TableOptions(const model::Table& t) {
  std::vector<std::string> parts;
  if (!t.engine.empty()) parts.push_back("ENGINE=" + t.engine);
  if (!t.charset.empty()) parts.push_back("DEFAULT CHARSET=" + t.charset);
  if (!t.collation.empty()) parts.push_back("COLLATE=" + t.collation);
  for (const auto& opt : t.options) {
    size_t eq = opt.find('=');
    if (eq == std::string::npos) {
      parts.push_back(Upper(opt));
      continue;
    }
    std::string value = opt.substr(eq + 1);
    parts.push_back(Upper(opt.substr(0, eq)) + "=" + (Bare(value) ? value : Literal(value)));
  }
  if (t.comment) parts.push_back("COMMENT=" + Literal(*t.comment));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

std::string CreateTable(const model::Table& t, const std::vector<const model::Index*>& indexes) {
  std::vector<std::string> lines;
  for (const auto& c : t.columns) lines.push_back(ColumnDefinition(c, t));
  for (const auto& c : t.constraints)
    if (c.kind == model::ConstraintKind::kPrimaryKey) lines.push_back(ConstraintDefinition(c));
  for (const auto* i : indexes) lines.push_back(IndexDefinition(*i, t.engine));
  for (const auto& c : t.constraints)
    if (c.kind != model::ConstraintKind::kPrimaryKey &&
        !(c.kind == model::ConstraintKind::kCheck && t.FindColumn(c.name)))
      lines.push_back(ConstraintDefinition(c));
  std::string out = "CREATE TABLE " + Name(t.name) + " (";
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? ",\n  " : "\n  ") + lines[i];
  out += "\n)";
  if (std::string options = TableOptions(t); !options.empty()) out += " " + options;
  if (!t.partition_by.empty()) out += "\nPARTITION BY " + t.partition_by.sql;
  return out;
}

std::string CreateView(const model::View& v, bool or_replace) {
  std::string out = or_replace ? "CREATE OR REPLACE " : "CREATE ";
  if (auto it = v.options.find("algorithm"); it != v.options.end())
    out += "ALGORITHM=" + Upper(it->second) + " ";
  if (auto it = v.options.find("sql_security"); it != v.options.end())
    out += "SQL SECURITY " + Upper(it->second) + " ";
  out += "VIEW " + Name(v.name);
  if (!v.columns.empty()) out += " " + Columns(v.columns);
  return out + " AS " + v.query.sql;
}

std::string CreateTrigger(const model::Trigger& t) {
  std::string event = t.events.empty() ? "INSERT" : t.events.front();
  return "CREATE TRIGGER " + Name({t.table.schema, t.name}) + " " + t.timing + " " + event +
         " ON " + Name(t.table) + " FOR EACH ROW " + t.body;
}

std::string CreateRoutine(const model::Function& f) {
  std::string out =
      std::string("CREATE ") + (f.is_procedure ? "PROCEDURE " : "FUNCTION ") + Name(f.name) + "(";
  for (size_t i = 0; i < f.args.size(); ++i) {
    const auto& a = f.args[i];
    if (i) out += ", ";
    if (!a.mode.empty()) out += a.mode + " ";
    out += Ident(a.name) + " " + a.type;
  }
  out += ")";
  if (!f.returns.empty()) out += " RETURNS " + f.returns;
  // The characteristics as the parser keeps them (parser/mysql/routines.h).
  if (f.volatility == 'i') out += " DETERMINISTIC";
  for (const auto& access : f.config) out += " " + Upper(access);
  if (!f.security_definer) out += " SQL SECURITY INVOKER";
  if (f.comment) out += " COMMENT " + Literal(*f.comment);
  return out + " " + f.body;
}

std::string DropRoutine(const model::Function& f) {
  return std::string("DROP ") + (f.is_procedure ? "PROCEDURE " : "FUNCTION ") + Name(f.name);
}

}  // namespace keel::planner::mysql
