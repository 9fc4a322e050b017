// Internal to parser/mysql: the walk over one statement's parse tree. ANTLR contexts appear
// only here and in the transform_*.cpp files.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "MySqlDdlParser.h"
#include "parser/mysql/parser.h"
#include "parser/mysql/types.h"

namespace keel::parser::mysql {

namespace g = keel_mysql_grammar;

/// What outlives one statement: the current database and per-table name counters.
struct ParseState {
  std::string database;  // from USE; names qualified with it are unqualified
  std::map<model::QualifiedName, int> fk_counter;
  std::map<model::QualifiedName, int> check_counter;
  int data_count = 0;
  Diagnostic first_data;
};

/// One statement being walked: maps token positions back to the file's original text.
class Walk {
 public:
  Walk(const SourceManager& sm, const std::string& statement, size_t offset,
       antlr4::TokenStream& tokens, ParseResult& out, ParseState& state,
       const ParseOptions& options);

  /// The original text a context or token covers.
  std::string Text(antlr4::ParserRuleContext* ctx) const;
  std::string Text(antlr4::tree::TerminalNode* node) const;
  std::string TokenText(antlr4::Token* token) const;
  /// Original text of the tokens strictly between `first` and the end of the statement.
  std::string TextAfter(antlr4::Token* first) const;
  /// Original text from `first` to the end of the statement, trimmed.
  std::string TextFrom(antlr4::Token* first) const;
  /// Byte offset in the file of a token.
  size_t Offset(antlr4::Token* token) const;
  model::SourceLoc Loc(antlr4::ParserRuleContext* ctx) const;
  /// The name a rename hint (parser/rename_hint.h) at `token` gives, or empty.
  std::string RenameHint(antlr4::Token* token) const;
  void Error(antlr4::ParserRuleContext* ctx, std::string message);
  void Warning(antlr4::ParserRuleContext* ctx, std::string message);

  std::string Ident(g::MySqlDdlParser::IdentifierContext* ctx) const;
  model::QualifiedName Name(g::MySqlDdlParser::QualifiedNameContext* ctx) const;

  antlr4::TokenStream& tokens;
  ParseResult& out;
  ParseState& state;
  const ParseOptions& options;

 private:
  size_t Byte(size_t codepoint) const;
  std::string Trimmed(size_t begin) const;  // text_ from `begin`, whitespace trimmed

  const SourceManager& sm_;
  const std::string& text_;
  size_t offset_;
  std::vector<size_t> byte_of_;  // codepoint index -> byte index; empty for ASCII text
};

void TransformCreateTable(Walk& w, g::MySqlDdlParser::CreateTableContext* ctx);
void TransformAlterTable(Walk& w, g::MySqlDdlParser::AlterTableContext* ctx);
void TransformRenameTable(Walk& w, g::MySqlDdlParser::RenameTableContext* ctx);
void TransformCreateIndex(Walk& w, g::MySqlDdlParser::CreateIndexContext* ctx);
void TransformDrop(Walk& w, g::MySqlDdlParser::DropStatementContext* ctx);
void TransformCreateView(Walk& w, g::MySqlDdlParser::CreateViewContext* ctx);
void TransformCreateTrigger(Walk& w, g::MySqlDdlParser::CreateTriggerContext* ctx);
void TransformCreateRoutine(Walk& w, g::MySqlDdlParser::CreateRoutineContext* ctx);
void TransformAlterRoutine(Walk& w, g::MySqlDdlParser::AlterRoutineContext* ctx);
struct RoutineTraits;
/// Reads the routine characteristics from token `i` on into `traits`; returns the index of
/// the first token that is none.
size_t RoutineCharacteristics(Walk& w, size_t i, RoutineTraits& traits);
/// The canonical spelling of a data type (see types.h).
CanonicalType TransformType(Walk& w, g::MySqlDdlParser::DataTypeContext* ctx);

// Column pieces (transform_column.cpp).
/// The expression inside the parentheses, with its canonical key.
model::Expr ParenExpr(Walk& w, g::MySqlDdlParser::ParenExprContext* ctx);
std::string CharsetName(Walk& w, g::MySqlDdlParser::CharsetNameContext* ctx);
std::string CollationName(Walk& w, g::MySqlDdlParser::CollationNameContext* ctx);
/// CURRENT_TIMESTAMP and its synonyms as current_timestamp([n]); other calls as written.
model::Expr NowOrCall(Walk& w, g::MySqlDdlParser::NowFunctionContext* ctx);
/// Literals compare by value ('3' = 3); empty for NULL.
model::Expr ColumnDefault(Walk& w, g::MySqlDdlParser::DefaultValueContext* ctx);
/// A decimal(p,s) column's literal default with s fraction digits, as the server stores it.
model::Expr ScaledDecimal(const std::string& type, model::Expr def);

// Keys (transform_index.cpp).
/// USING BTREE|HASH before or after the key parts; `fallback` when neither ("": the engine's
/// default, see StoredIndexMethod).
std::string IndexMethod(Walk& w, g::MySqlDdlParser::IndexTypeContext* type,
                        const std::vector<g::MySqlDdlParser::IndexOptionContext*>& opts,
                        const std::string& fallback);
std::optional<std::string> IndexComment(
    Walk& w, const std::vector<g::MySqlDdlParser::IndexOptionContext*>& opts);
/// Columns (with prefix lengths) and (expressions), ASC/DESC.
std::vector<model::IndexKey> KeyParts(Walk& w, g::MySqlDdlParser::KeyPartsContext* ctx);

}  // namespace keel::parser::mysql
