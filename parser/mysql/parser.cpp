#include "parser/mysql/parser.h"

#include <algorithm>

#include "MySqlDdlLexer.h"
#include "MySqlDdlParser.h"
#include "antlr4-runtime.h"
#include "parser/mysql/splitter.h"
#include "parser/mysql/transform.h"
#include "parser/rename_hint.h"

namespace keel::parser::mysql {
namespace {

using P = g::MySqlDdlParser;

// Keeps the first syntax error of a statement: the offending token's position.
class FirstError : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (!seen) {
      seen = true;
      token = offending;
    }
  }
  bool seen = false;
  antlr4::Token* token = nullptr;
};

std::string AsciiUpper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// Offset of the first byte that is not well-formed UTF-8, or npos.
size_t InvalidUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > text.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string::npos;
}

void ParseStatement(const SourceManager& sm, const Statement& stmt, ParseResult& out,
                    ParseState& state, const ParseOptions& options) {
  // Keywords are upper case in the grammar; all kept text is cut from the original.
  antlr4::ANTLRInputStream input(AsciiUpper(stmt.text));
  g::MySqlDdlLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  P parser(&tokens);
  FirstError error;
  parser.removeErrorListeners();
  parser.addErrorListener(&error);
  P::StatementContext* tree = parser.statement();
  Walk w(sm, stmt.text, stmt.offset, tokens, out, state, options);

  if (error.seen) {
    antlr4::Token* bad = error.token ? error.token : tokens.get(0);
    std::string what = bad->getType() == antlr4::Token::EOF
                           ? "unexpected end of statement"
                           : "unexpected '" + w.TokenText(bad) + "'";
    // A statement the grammar cannot even start is one keel does not know.
    std::string kind = bad->getTokenIndex() == 0 ? "unsupported statement: " : "syntax error: ";
    out.errors.push_back(sm.Error(w.Offset(bad), kind + what));
    return;
  }

  if (auto* c = tree->createTable()) {
    TransformCreateTable(w, c);
  } else if (auto* c = tree->alterTable()) {
    TransformAlterTable(w, c);
  } else if (auto* c = tree->renameTable()) {
    TransformRenameTable(w, c);
  } else if (auto* c = tree->createIndex()) {
    TransformCreateIndex(w, c);
  } else if (auto* c = tree->dropStatement()) {
    TransformDrop(w, c);
  } else if (auto* c = tree->createView()) {
    TransformCreateView(w, c);
  } else if (auto* c = tree->createTrigger()) {
    TransformCreateTrigger(w, c);
  } else if (auto* c = tree->alterRoutine()) {
    TransformAlterRoutine(w, c);
  } else if (auto* c = tree->createRoutine()) {
    TransformCreateRoutine(w, c);
  } else if (auto* c = tree->createEvent()) {
    w.Warning(c, "events are not part of the catalog; CREATE EVENT is ignored");
  } else if (auto* c = tree->useStatement()) {
    state.database = w.Ident(c->identifier());
  } else if (auto* c = tree->dataStatement()) {
    if (options.strict) {
      w.Error(c, "data statement not allowed in schema files: " + tokens.get(0)->getText());
    } else if (state.data_count++ == 0) {
      state.first_data = sm.Warning(w.Offset(c->getStart()), "");
    }
  }
  // CREATE DATABASE, SET, LOCK/UNLOCK TABLES carry no schema.
}

}  // namespace

model::QualifiedName IndexKey(const model::QualifiedName& table, const std::string& index) {
  return {table.schema, table.name + "." + index};
}

void OrderConstraints(std::vector<model::Constraint>& constraints) {
  auto rank = [](const model::Constraint& c) {
    return c.kind == model::ConstraintKind::kPrimaryKey   ? 0
           : c.kind == model::ConstraintKind::kForeignKey ? 1
                                                          : 2;
  };
  std::stable_sort(constraints.begin(), constraints.end(),
                   [&](const model::Constraint& a, const model::Constraint& b) {
                     if (rank(a) != rank(b)) return rank(a) < rank(b);
                     return rank(a) == 1 && a.name < b.name;
                   });
}

Walk::Walk(const SourceManager& sm, const std::string& statement, size_t offset,
           antlr4::TokenStream& token_stream, ParseResult& result, ParseState& parse_state,
           const ParseOptions& parse_options)
    : tokens(token_stream),
      out(result),
      state(parse_state),
      options(parse_options),
      sm_(sm),
      text_(statement),
      offset_(offset) {
  bool ascii = true;
  for (unsigned char c : statement) ascii = ascii && c < 0x80;
  if (!ascii) {
    for (size_t i = 0; i < statement.size(); ++i) {
      if ((static_cast<unsigned char>(statement[i]) & 0xC0) != 0x80) byte_of_.push_back(i);
    }
  }
}

size_t Walk::Byte(size_t codepoint) const {
  if (byte_of_.empty()) return std::min(codepoint, text_.size());
  return codepoint < byte_of_.size() ? byte_of_[codepoint] : text_.size();
}

std::string Walk::RenameHint(antlr4::Token* token) const {
  return RenameHintAt(sm_.text(), Offset(token), HintNames::kAsWritten);
}

size_t Walk::Offset(antlr4::Token* token) const {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return offset_ + text_.size();
  return offset_ + Byte(token->getStartIndex());
}

std::string Walk::Text(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr || ctx->getStart() == nullptr || ctx->getStop() == nullptr) return "";
  size_t begin = Byte(ctx->getStart()->getStartIndex());
  size_t end = Byte(ctx->getStop()->getStopIndex() + 1);
  return end > begin ? text_.substr(begin, end - begin) : "";
}

std::string Walk::Text(antlr4::tree::TerminalNode* node) const {
  return node == nullptr ? "" : TokenText(node->getSymbol());
}

std::string Walk::TokenText(antlr4::Token* token) const {
  size_t begin = Byte(token->getStartIndex());
  size_t end = Byte(token->getStopIndex() + 1);
  return end > begin ? text_.substr(begin, end - begin) : "";
}

std::string Walk::TextAfter(antlr4::Token* first) const {
  return Trimmed(Byte(first->getStopIndex() + 1));
}

std::string Walk::TextFrom(antlr4::Token* first) const {
  return Trimmed(Byte(first->getStartIndex()));
}

std::string Walk::Trimmed(size_t begin) const {
  std::string rest = text_.substr(begin);
  size_t a = rest.find_first_not_of(" \t\r\n");
  size_t b = rest.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : rest.substr(a, b - a + 1);
}

model::SourceLoc Walk::Loc(antlr4::ParserRuleContext* ctx) const {
  return sm_.Locate(Offset(ctx->getStart()));
}

void Walk::Error(antlr4::ParserRuleContext* ctx, std::string message) {
  out.errors.push_back(sm_.Error(Offset(ctx->getStart()), std::move(message)));
}

void Walk::Warning(antlr4::ParserRuleContext* ctx, std::string message) {
  out.warnings.push_back(sm_.Warning(Offset(ctx->getStart()), std::move(message)));
}

std::string Walk::Ident(P::IdentifierContext* ctx) const { return UnquoteIdent(Text(ctx)); }

model::QualifiedName Walk::Name(P::QualifiedNameContext* ctx) const {
  auto parts = ctx->identifier();
  if (parts.size() == 1) return {"", Ident(parts[0])};
  std::string schema = Ident(parts[0]);
  return {schema == state.database ? "" : schema, Ident(parts[1])};
}

ParseResult ParseMySqlFiles(const std::vector<SourceFile>& files, const ParseOptions& options) {
  ParseResult out;
  out.catalog.dialect = model::Dialect::kMySql;
  ParseState state;
  for (const auto& file : files) {
    state.database.clear();
    std::string blanked = BlankVersionComments(file.text);
    SourceManager sm(file.path, file.text);
    if (size_t bad = InvalidUtf8(file.text); bad != std::string::npos) {
      out.errors.push_back(sm.Error(bad, "the file is not UTF-8 (convert it, e.g. with iconv)"));
      continue;
    }
    for (const auto& stmt : SplitStatements(blanked)) {
      ParseStatement(sm, stmt, out, state, options);
    }
    if (state.data_count > 0) {
      state.first_data.message =
          "ignored " + std::to_string(state.data_count) + " data statement" +
          (state.data_count == 1 ? "" : "s") +
          " (INSERT/REPLACE/UPDATE/DELETE are not schema); the first is here";
      out.warnings.push_back(state.first_data);
      state.data_count = 0;
    }
  }
  return out;
}

}  // namespace keel::parser::mysql
