// Column pieces: data types, defaults, ON UPDATE, charset and collation names.
#include "parser/mysql/transform.h"

namespace keel::parser::mysql {

using P = g::MySqlDdlParser;

namespace {

// The text inside a parenthesized expression.
std::string Inner(Walk& w, P::ParenExprContext* ctx) {
  std::string text = w.Text(ctx);
  text = text.substr(1, text.size() - 2);
  size_t a = text.find_first_not_of(" \t\r\n");
  size_t b = text.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : text.substr(a, b - a + 1);
}

}  // namespace

model::Expr ParenExpr(Walk& w, P::ParenExprContext* ctx) {
  std::string inner = Inner(w, ctx);
  return model::Expr(inner, ExprKey(UnwrapParens(inner)));
}

std::string CharsetName(Walk& w, P::CharsetNameContext* ctx) {
  return ctx->STRING() ? UnquoteString(w.Text(ctx->STRING())) : UnquoteIdent(w.Text(ctx));
}

std::string CollationName(Walk& w, P::CollationNameContext* ctx) {
  return ctx->STRING() ? UnquoteString(w.Text(ctx->STRING())) : UnquoteIdent(w.Text(ctx));
}

// CURRENT_TIMESTAMP and its synonyms as the server reports them: current_timestamp([n]).
model::Expr NowOrCall(Walk& w, P::NowFunctionContext* ctx) {
  std::string fn = AsciiLower(w.Text(ctx->identifier()));
  std::string args;
  for (auto* b : ctx->balanced()) args += w.Text(b);
  if (fn == "current_timestamp" || fn == "now" || fn == "localtime" || fn == "localtimestamp") {
    std::string n = args == "0" ? "" : args;
    std::string sql = "CURRENT_TIMESTAMP" + (n.empty() ? "" : "(" + n + ")");
    return model::Expr(sql, "current_timestamp(" + n + ")");
  }
  if (fn == "true" && ctx->balanced().empty()) return model::Expr("'1'", "'1'");
  if (fn == "false" && ctx->balanced().empty()) return model::Expr("'0'", "'0'");
  std::string text = w.Text(ctx);
  return model::Expr(text, ExprKey(text));
}

// Literal defaults compare by value, so DEFAULT 3 and DEFAULT '3' are the same.
model::Expr ColumnDefault(Walk& w, P::DefaultValueContext* ctx) {
  if (ctx->NULL_SYM()) return {};
  if (ctx->parenExpr()) {
    model::Expr e = ParenExpr(w, ctx->parenExpr());
    // (_utf8mb4'{}') is a literal: the server keeps it as one.
    size_t quote = e.sql.find('\'');
    bool introducer = !e.sql.empty() && e.sql[0] == '_' && quote != std::string::npos &&
                      e.sql.back() == '\'' && e.sql.find('\'', quote + 1) == e.sql.size() - 1 &&
                      e.sql.find_first_of(" ()") > quote;
    if (introducer) {
      std::string literal = model::QuoteLiteral(UnquoteString(e.sql.substr(quote)));
      return model::Expr(literal, literal);
    }
    return model::Expr("(" + e.sql + ")", e.key);
  }
  if (ctx->nowFunction()) return NowOrCall(w, ctx->nowFunction());
  if (ctx->HEX_LITERAL()) {
    std::string text = AsciiLower(w.Text(ctx));
    // A hex literal is a string of bytes: the server reports 0x41 as 'A'.
    std::string digits = text.rfind("0x", 0) == 0   ? text.substr(2)
                         : text.rfind("x'", 0) == 0 ? text.substr(2, text.size() - 3)
                                                    : "";
    if (digits.empty() || digits.size() % 2 != 0) return model::Expr(w.Text(ctx), text);
    std::string bytes;
    for (size_t i = 0; i < digits.size(); i += 2) {
      bytes += static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16));
    }
    std::string quoted = model::QuoteLiteral(bytes);
    return model::Expr(quoted, quoted);
  }
  std::string value = w.Text(ctx);
  if (ctx->STRING()) {
    value = UnquoteString(w.Text(ctx->STRING()));
  } else {
    std::erase_if(value, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    if (value.front() == '+') value.erase(0, 1);
  }
  std::string quoted = model::QuoteLiteral(value);
  return model::Expr(quoted, quoted);
}

// A decimal(p,s) column's literal default as the server stores it: s fraction digits; a
// float's written with an exponent as a plain number when it is a whole one (1e3 is 1000).
model::Expr ScaledDecimal(const std::string& type, model::Expr def) {
  bool floating = type.rfind("float", 0) == 0 || type.rfind("double", 0) == 0;
  if (floating && def.sql.size() > 2 && def.sql.find_first_of("eE") != std::string::npos &&
      def.sql.find_first_not_of("'-+.0123456789eE") == std::string::npos) {
    double v = std::stod(def.sql.substr(1, def.sql.size() - 2));
    if (v == static_cast<double>(static_cast<long long>(v)) && v < 1e15 && v > -1e15) {
      std::string literal = "'" + std::to_string(static_cast<long long>(v)) + "'";
      return model::Expr(literal, literal);
    }
    return def;
  }
  size_t comma = type.find(',');
  if (type.rfind("decimal(", 0) != 0 || comma == std::string::npos || def.sql.size() < 3 ||
      def.sql.front() != '\'')
    return def;
  std::string value = def.sql.substr(1, def.sql.size() - 2);
  if (value.find_first_not_of("-0123456789.") != std::string::npos) return def;
  size_t scale = std::stoul(type.substr(comma + 1));
  size_t dot = value.find('.');
  std::string whole = value.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : value.substr(dot + 1);
  if (frac.size() > scale) return def;  // the server would round: left as written
  frac.resize(scale, '0');
  std::string literal = "'" + whole + (scale ? "." + frac : "") + "'";
  return model::Expr(literal, literal);
}

CanonicalType TransformType(Walk& w, P::DataTypeContext* ctx) {
  TypeSpec spec;
  std::string name;
  for (auto* child : ctx->typeName()->children) {
    std::string word = w.Text(dynamic_cast<antlr4::tree::TerminalNode*>(child));
    if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(child)) word = w.Text(rule);
    name += (name.empty() ? "" : " ") + word;
  }
  spec.name = UnquoteIdent(name);
  if (ctx->typeArgs()) {
    for (auto* arg : ctx->typeArgs()->typeArg()) spec.args.push_back(w.Text(arg));
  }
  for (auto* flag : ctx->typeFlag()) {
    if (flag->UNSIGNED()) spec.is_unsigned = true;
    if (flag->ZEROFILL()) spec.zerofill = true;
  }
  return CanonicalizeType(spec);
}

}  // namespace keel::parser::mysql
