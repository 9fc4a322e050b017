#include "parser/mysql/types.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "model/catalog.h"

namespace keel::parser::mysql {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

const std::map<std::string, std::string>& Aliases() {
  static const std::map<std::string, std::string> aliases = {
      {"integer", "int"},
      {"int1", "tinyint"},
      {"int2", "smallint"},
      {"int3", "mediumint"},
      {"middleint", "mediumint"},
      {"int4", "int"},
      {"int8", "bigint"},
      {"dec", "decimal"},
      {"numeric", "decimal"},
      {"fixed", "decimal"},
      {"real", "double"},
      {"double precision", "double"},
      {"float8", "double"},
      {"float4", "float"},
      {"character", "char"},
      {"character varying", "varchar"},
      {"char varying", "varchar"},
      {"long", "mediumtext"},
      {"long varchar", "mediumtext"},
      {"long varbinary", "mediumblob"},
  };
  return aliases;
}

bool IsInteger(const std::string& t) {
  return t == "tinyint" || t == "smallint" || t == "mediumint" || t == "int" || t == "bigint";
}

std::string Join(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : ",") + a;
  return out;
}

// information_schema.CHARACTER_SETS.DEFAULT_COLLATE_NAME of MariaDB 10.11.
const std::map<std::string, std::string>& MariaDbDefaultCollations() {
  static const std::map<std::string, std::string> defaults = {
      {"armscii8", "armscii8_general_ci"}, {"ascii", "ascii_general_ci"},
      {"big5", "big5_chinese_ci"},         {"binary", "binary"},
      {"cp1250", "cp1250_general_ci"},     {"cp1251", "cp1251_general_ci"},
      {"cp1256", "cp1256_general_ci"},     {"cp1257", "cp1257_general_ci"},
      {"cp850", "cp850_general_ci"},       {"cp852", "cp852_general_ci"},
      {"cp866", "cp866_general_ci"},       {"cp932", "cp932_japanese_ci"},
      {"dec8", "dec8_swedish_ci"},         {"eucjpms", "eucjpms_japanese_ci"},
      {"euckr", "euckr_korean_ci"},        {"gb2312", "gb2312_chinese_ci"},
      {"gbk", "gbk_chinese_ci"},           {"geostd8", "geostd8_general_ci"},
      {"greek", "greek_general_ci"},       {"hebrew", "hebrew_general_ci"},
      {"hp8", "hp8_english_ci"},           {"keybcs2", "keybcs2_general_ci"},
      {"koi8r", "koi8r_general_ci"},       {"koi8u", "koi8u_general_ci"},
      {"latin1", "latin1_swedish_ci"},     {"latin2", "latin2_general_ci"},
      {"latin5", "latin5_turkish_ci"},     {"latin7", "latin7_general_ci"},
      {"macce", "macce_general_ci"},       {"macroman", "macroman_general_ci"},
      {"sjis", "sjis_japanese_ci"},        {"swe7", "swe7_swedish_ci"},
      {"tis620", "tis620_thai_ci"},        {"ucs2", "ucs2_general_ci"},
      {"ujis", "ujis_japanese_ci"},        {"utf16", "utf16_general_ci"},
      {"utf16le", "utf16le_general_ci"},   {"utf32", "utf32_general_ci"},
      {"utf8mb3", "utf8mb3_general_ci"},   {"utf8mb4", "utf8mb4_general_ci"},
  };
  return defaults;
}

// The name the server prints for a function it knows under several (information_schema and
// SHOW CREATE print expressions the server's way: LOWER(x) as lcase(`x`)).
std::string ServerSpelling(const std::string& word, bool call) {
  static const std::map<std::string, std::string> functions = {
      {"lower", "lcase"}, {"upper", "ucase"},         {"substring", "substr"},
      {"mid", "substr"},  {"length", "octet_length"}, {"character_length", "char_length"},
  };
  static const std::map<std::string, std::string> niladic = {
      {"current_date", "curdate"},
      {"current_time", "curtime"},
  };
  if (call) {
    auto it = functions.find(word);
    if (it != functions.end()) return it->second;
    auto n = niladic.find(word);
    return n != niladic.end() ? n->second : word;
  }
  auto n = niladic.find(word);
  return n != niladic.end() ? n->second + "()" : word;
}

}  // namespace

std::string DefaultCollation(const std::string& charset, Server server) {
  if (server == Server::kMySql8 && charset == "utf8mb4") return "utf8mb4_0900_ai_ci";
  auto it = MariaDbDefaultCollations().find(charset);
  return it == MariaDbDefaultCollations().end() ? "" : it->second;
}

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string StoredIndexMethod(const std::string& engine, const std::string& method, bool unique,
                              Server server) {
  std::string e = AsciiLower(engine);
  if (e == "memory" || e == "heap") return method.empty() ? "hash" : method;
  if (method.empty()) return "btree";
  if (method == "hash" && !(unique && server == Server::kMariaDb)) return "btree";
  return method;
}

CanonicalType CanonicalizeType(const TypeSpec& spec) {
  CanonicalType out;
  std::string name = AsciiLower(spec.name);
  std::vector<std::string> args = spec.args;
  bool is_unsigned = spec.is_unsigned || spec.zerofill;
  if (name == "bool" || name == "boolean") {
    name = "tinyint";
    args = {"1"};
  } else if (name == "serial") {
    name = "bigint";
    is_unsigned = true;
    out.serial = true;
  } else if (name.rfind("national ", 0) == 0 || name == "nchar" || name == "nvarchar" ||
             name == "nchar varchar" || name == "nchar varying") {
    name = name.find("var") != std::string::npos ? "varchar" : "char";
    out.charset = "utf8mb3";
  } else if (auto it = Aliases().find(name); it != Aliases().end()) {
    name = it->second;
  }

  if (IsInteger(name)) {
    bool keep_width = spec.zerofill || (name == "tinyint" && args == std::vector<std::string>{"1"});
    if (!keep_width) args.clear();
  } else if (name == "decimal") {
    if (args.empty()) args = {"10"};
    if (args.size() == 1) args.push_back("0");
  } else if (name == "float" && args.size() == 1) {
    name = std::stoi(args[0]) > 24 ? "double" : "float";
    args.clear();
  } else if (name == "char" || name == "binary" || name == "bit") {
    if (args.empty()) args = {"1"};
  } else if (name == "timestamp" || name == "datetime" || name == "time") {
    if (args == std::vector<std::string>{"0"}) args.clear();
  } else if (name == "year") {
    args.clear();
  } else if (name == "enum" || name == "set") {
    // Members are single-quoted, whatever quotes the file used.
    for (auto& a : args) {
      std::string value = UnquoteString(a), quoted = "'";
      for (char c : value) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      a = quoted + "'";
    }
  }

  out.textual = name == "char" || name == "varchar" || name == "tinytext" || name == "text" ||
                name == "mediumtext" || name == "longtext" || name == "enum" || name == "set";
  out.type = name;
  if (!args.empty()) out.type += "(" + Join(args) + ")";
  if (is_unsigned) out.type += " unsigned";
  if (spec.zerofill) out.type += " zerofill";
  return out;
}

TypeSpec ParseColumnType(const std::string& column_type) {
  TypeSpec spec;
  size_t i = 0, n = column_type.size();
  while (i < n && column_type[i] != '(' && column_type[i] != ' ') spec.name += column_type[i++];
  if (i < n && column_type[i] == '(') {
    std::string arg;
    char quote = 0;
    for (++i; i < n; ++i) {
      char c = column_type[i];
      if (quote) {
        arg += c;
        // A doubled quote inside a member is one quote character, not its end.
        if (c == quote && i + 1 < n && column_type[i + 1] == quote) {
          arg += column_type[++i];
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        arg += c;
      } else if (c == ',' || c == ')') {
        spec.args.push_back(arg);
        arg.clear();
        if (c == ')') break;
      } else if (c != ' ') {
        arg += c;
      }
    }
    ++i;
  }
  std::string rest = AsciiLower(column_type.substr(std::min(i, n)));
  spec.is_unsigned = rest.find("unsigned") != std::string::npos;
  spec.zerofill = rest.find("zerofill") != std::string::npos;
  return spec;
}

std::string CanonicalCharset(const std::string& charset) {
  std::string c = AsciiLower(charset);
  return c == "utf8" ? "utf8mb3" : c;
}

std::string CanonicalCollation(const std::string& collation) {
  std::string c = AsciiLower(collation);
  if (c.rfind("utf8_", 0) == 0) return "utf8mb3_" + c.substr(5);
  return c;
}

std::string CharsetOfCollation(const std::string& collation) {
  return collation.substr(0, collation.find('_'));
}

std::string UnquoteString(const std::string& literal) {
  if (literal.size() < 2) return literal;
  char q = literal.front();
  std::string out;
  for (size_t i = 1; i + 1 < literal.size(); ++i) {
    char c = literal[i];
    if (c == '\\' && i + 2 < literal.size()) {
      char n = literal[++i];
      switch (n) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '0':
          out += '\0';
          break;
        case 'Z':
          out += '\x1a';
          break;
        case 'b':
          out += '\b';
          break;
        default:
          out += n;
      }
    } else if (c == q && i + 2 < literal.size() && literal[i + 1] == q) {
      out += q;
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string UnquoteIdent(const std::string& ident) {
  if (ident.size() < 2 || ident.front() != '`') return ident;
  std::string out;
  for (size_t i = 1; i + 1 < ident.size(); ++i) {
    out += ident[i];
    if (ident[i] == '`' && ident[i + 1] == '`') ++i;
  }
  return out;
}

std::string UnwrapParens(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return text;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      if (depth == 0 && i + 1 < text.size()) return text;  // (a) + (b)
    }
  }
  return UnwrapParens(text.substr(1, text.size() - 2));
}

std::string BodyKey(const std::string& body) {
  std::string out;
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (size_t i = 0; i < body.size();) {
    char c = body[i];
    if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      while (j < body.size() && body[j] != c) j += (body[j] == '\\' && c != '`') ? 2 : 1;
      j = std::min(j + 1, body.size());
      out += body.substr(i, j - i);
      i = j;
    } else if (c == '#' ||
               (c == '-' && body.compare(i, 2, "--") == 0 &&
                (i + 2 == body.size() || std::isspace(static_cast<unsigned char>(body[i + 2]))))) {
      size_t eol = body.find('\n', i);
      i = eol == std::string::npos ? body.size() : eol;
      space();
    } else if (c == '/' && body.compare(i, 2, "/*") == 0 && body.compare(i, 3, "/*!") != 0) {
      size_t end = body.find("*/", i + 2);
      i = end == std::string::npos ? body.size() : end + 2;
      space();
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      space();
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string ExprKey(const std::string& text) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = true;
      ++i;
      continue;
    }
    if (pending_space && !out.empty() && IsWordChar(out.back()) && (IsWordChar(c) || c == '`'))
      out += ' ';
    pending_space = false;
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      out += '\'' + text.substr(i + 1, std::min(j, text.size()) - i - 1) + '\'';
      i = j + 1;
    } else if (c == '`') {
      size_t j = text.find('`', i + 1);
      if (j == std::string::npos) j = text.size();
      out += AsciiLower(text.substr(i + 1, j - i - 1));
      i = j + 1;
    } else if (c == '!' && i + 1 < text.size() && text[i + 1] == '=') {
      out += "<>";
      i += 2;
    } else if ((c == '&' || c == '|') && i + 1 < text.size() && text[i + 1] == c) {
      // && and || are AND and OR (without PIPES_AS_CONCAT), as the server prints them.
      if (!out.empty() && IsWordChar(out.back())) out += ' ';
      out += c == '&' ? "and" : "or";
      pending_space = true;
      i += 2;
    } else if (IsWordChar(c) && (out.empty() || !IsWordChar(out.back()))) {
      size_t j = i;
      while (j < text.size() && IsWordChar(text[j])) ++j;
      std::string word = AsciiLower(text.substr(i, j - i));
      size_t next = text.find_first_not_of(" \t\r\n", j);
      bool call = next != std::string::npos && text[next] == '(';
      out += ServerSpelling(word, call);
      i = j;
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ++i;
    }
  }
  return out;
}

namespace {

// The words of a query, lower case outside string literals ('...', written as such whichever
// quote the text used); comments and whitespace dropped.
std::vector<std::string> QueryTokens(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (text.compare(i, 2, "--") == 0 || c == '#') {
      i = text.find('\n', i);
    } else if (text.compare(i, 2, "/*") == 0) {
      size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? end : end + 2;
    } else if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      out.push_back(model::QuoteLiteral(UnquoteString(text.substr(i, j + 1 - i))));
      i = j + 1;
    } else if (c == '`') {
      size_t j = text.find('`', i + 1);
      out.push_back(AsciiLower(text.substr(i + 1, j - i - 1)));
      i = j == std::string::npos ? j : j + 1;
    } else if (IsWordChar(c)) {
      size_t j = i;
      while (j < text.size() && (IsWordChar(text[j]) || text[j] == '.')) ++j;
      // 1.5 is one token; a.b is three.
      std::string word = text.substr(i, j - i);
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        word = word.substr(0, word.find('.'));
        j = i + word.size();
      }
      out.push_back(AsciiLower(word));
      i = j;
    } else {
      static const char* const kOps[] = {"<=>", "<>", "!=", "<=", ">=", "||", "&&", ":="};
      std::string op(1, c);
      for (const char* o : kOps) {
        if (text.compare(i, std::char_traits<char>::length(o), o) == 0) op = o;
      }
      out.push_back(op);
      i += op.size();
    }
    if (i == std::string::npos) break;
  }
  return out;
}

bool IsIdentToken(const std::string& t) { return !t.empty() && IsWordChar(t[0]); }

// ORDER BY alias of the outer query, as the server prints it: the aliased expression.
void ResolveOrderByAliases(std::vector<std::string>& tokens) {
  std::map<std::string, std::vector<std::string>> aliases;
  size_t i = 0;
  int depth = 0;
  auto step = [&](const std::string& t) { depth += t == "(" ? 1 : t == ")" ? -1 : 0; };
  if (tokens.empty() || tokens[0] != "select") return;
  std::vector<std::string> item;
  for (i = 1; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (depth == 0 && (t == "," || t == "from")) {
      auto as = std::find(item.begin(), item.end(), "as");
      if (as != item.end() && as + 2 == item.end()) aliases[item.back()] = {item.begin(), as};
      item.clear();
      if (t == "from") break;
      continue;
    }
    step(t);
    item.push_back(t);
  }
  for (; i + 1 < tokens.size(); ++i) {
    step(tokens[i]);
    if (depth == 0 && tokens[i] == "order" && tokens[i + 1] == "by") break;
  }
  std::vector<std::string> out(tokens.begin(), tokens.begin() + std::min(i + 2, tokens.size()));
  for (i += 2; i < tokens.size(); ++i) {
    bool starts = out.back() == "," || out.back() == "by";
    auto it = aliases.find(tokens[i]);
    bool alone = i + 1 == tokens.size() || tokens[i + 1] == "," || tokens[i + 1] == "asc" ||
                 tokens[i + 1] == "desc" || tokens[i + 1] == "limit";
    if (starts && alone && it != aliases.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    } else {
      out.push_back(tokens[i]);
    }
  }
  tokens = std::move(out);
}

// The server's spelling of some calls: SUBSTRING(s FROM a FOR b) is substr(s,a,b), and
// LEAD(x) / LAG(x) get their default offset, lead(x,1).
void CallArguments(std::vector<std::string>& tokens) {
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    bool substr = t == "substr" || t == "substring" || t == "mid";
    bool offset = t == "lead" || t == "lag";
    if ((!substr && !offset) || tokens[i + 1] != "(") continue;
    int depth = 0;
    bool comma = false;
    for (size_t k = i + 1; k < tokens.size(); ++k) {
      depth += tokens[k] == "(" ? 1 : tokens[k] == ")" ? -1 : 0;
      if (depth == 0) {
        if (offset && !comma) tokens.insert(tokens.begin() + k, {",", "1"});
        break;
      }
      if (depth == 1 && substr && (tokens[k] == "from" || tokens[k] == "for")) tokens[k] = ",";
      comma = comma || (depth == 1 && tokens[k] == ",");
    }
  }
}

// CREATE VIEW v (a, b): the server makes the names aliases of the select list.
void ApplyColumnNames(std::vector<std::string>& tokens, const std::vector<std::string>& columns) {
  if (columns.empty() || tokens.empty() || tokens[0] != "select") return;
  std::vector<std::string> out = {"select"}, item;
  size_t k = 0, i = 1;
  int depth = 0;
  for (; i <= tokens.size(); ++i) {
    bool end = i == tokens.size() || (depth == 0 && (tokens[i] == "," || tokens[i] == "from"));
    if (!end) {
      depth += tokens[i] == "(" ? 1 : tokens[i] == ")" ? -1 : 0;
      item.push_back(tokens[i]);
      continue;
    }
    if (item.size() > 2 && item[item.size() - 2] == "as") item.resize(item.size() - 2);
    if (k < columns.size()) item.insert(item.end(), {"as", AsciiLower(columns[k++])});
    out.insert(out.end(), item.begin(), item.end());
    item.clear();
    if (i == tokens.size()) break;
    out.push_back(tokens[i]);
    if (tokens[i] == "from") break;
  }
  if (i < tokens.size()) out.insert(out.end(), tokens.begin() + i + 1, tokens.end());
  tokens = std::move(out);
}

}  // namespace

std::string ViewKey(const std::string& query, const std::vector<std::string>& columns) {
  static const std::map<std::string, std::string> synonyms = {
      {"!=", "<>"}, {"&&", "and"}, {"||", "or"}, {"inner", ""}, {"outer", ""},
      {"as", ""},   {"(", ""},     {")", ""},    {"asc", ""},
  };
  std::vector<std::string> tokens = QueryTokens(query);
  ResolveOrderByAliases(tokens);
  ApplyColumnNames(tokens, columns);
  CallArguments(tokens);
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string t = tokens[i];
    // A charset introducer before a literal: _utf8'x', _utf8mb4'x'.
    if (t.size() > 1 && t[0] == '_' && i + 1 < tokens.size() && tokens[i + 1][0] == '\'') continue;
    // count(*) is count(0) to the server.
    if (t == "count" && i + 3 < tokens.size() && tokens[i + 1] == "(" && tokens[i + 2] == "*" &&
        tokens[i + 3] == ")") {
      out.insert(out.end(), {"count", "0"});
      i += 3;
      continue;
    }
    // a.b.c keeps c.
    if (i + 2 < tokens.size() && tokens[i + 1] == "." && IsIdentToken(t)) {
      ++i;
      continue;
    }
    if (auto it = synonyms.find(t); it != synonyms.end()) t = it->second;
    if (IsIdentToken(t)) {
      bool call = i + 1 < tokens.size() && tokens[i + 1] == "(";
      t = ServerSpelling(t, call);
      if (t.ends_with("()")) t.resize(t.size() - 2);  // parentheses never count here
    }
    if (t.empty()) continue;
    // `x` AS `x`: the alias the server adds to every select item.
    if (!out.empty() && out.back() == t && IsIdentToken(t)) continue;
    out.push_back(t);
  }
  std::string key;
  for (size_t i = 0; i < out.size(); ++i) {
    // WITH CHECK OPTION is WITH CASCADED CHECK OPTION.
    if (out[i] == "with" && i + 2 < out.size() && out[i + 1] == "check" && out[i + 2] == "option")
      out[i] += " cascaded";
    key += (key.empty() ? "" : " ") + out[i];
  }
  return key;
}

std::string PartitionKey(const std::string& clause) {
  static const std::regex engine(" (storage )?engine (= )?[a-z0-9_]+(?= |$)");
  return std::regex_replace(ViewKey(clause), engine, "");
}

}  // namespace keel::parser::mysql
