#include "parser/mysql/types.h"

#include <cctype>
#include <map>

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
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ++i;
    }
  }
  return out;
}

}  // namespace keel::parser::mysql
