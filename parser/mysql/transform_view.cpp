// CREATE VIEW, CREATE TRIGGER, CREATE PROCEDURE/FUNCTION: bodies are kept as written.
#include <algorithm>
#include <set>

#include "parser/mysql/routines.h"
#include "parser/mysql/transform.h"

namespace keel::parser::mysql {
namespace {

using P = g::MySqlDdlParser;

bool IsName(antlr4::Token* t) { return t->getType() == P::ID || t->getType() == P::QUOTED_ID; }

// Tables and views a query reads: the names after FROM and JOIN (and after the commas of a
// FROM list), found in its tokens.
std::vector<model::QualifiedName> Relations(Walk& w, size_t first, size_t last) {
  std::set<model::QualifiedName> found;
  bool in_from = false;
  int depth = 0, from_depth = -1;
  for (size_t i = first; i <= last; ++i) {
    antlr4::Token* t = w.tokens.get(i);
    std::string word = t->getText();  // upper case
    if (word == "(") ++depth;
    if (word == ")") --depth;
    bool starts =
        word == "FROM" || word == "JOIN" || (in_from && word == "," && depth == from_depth);
    if (word == "WHERE" || word == "GROUP" || word == "ORDER" || word == "HAVING" || word == "ON" ||
        word == "LIMIT" || word == "UNION")
      in_from = false;
    if (!starts) continue;
    if (word == "FROM") {
      in_from = true;
      from_depth = depth;
    }
    size_t n = i + 1;  // past the parentheses of a nested join: FROM ((a JOIN b ...
    while (n <= last && w.tokens.get(n)->getText() == "(") ++n;
    if (n > last || !IsName(w.tokens.get(n))) continue;
    std::string a = UnquoteIdent(w.TokenText(w.tokens.get(n)));
    model::QualifiedName name{"", a};
    if (n + 2 <= last && w.tokens.get(n + 1)->getText() == "." && IsName(w.tokens.get(n + 2))) {
      name = {a == w.state.database ? "" : a, UnquoteIdent(w.TokenText(w.tokens.get(n + 2)))};
    }
    found.insert(name);
  }
  return {found.begin(), found.end()};
}

}  // namespace

void TransformCreateView(Walk& w, P::CreateViewContext* ctx) {
  model::View view;
  view.name = w.Name(ctx->qualifiedName());
  view.loc = w.Loc(ctx);
  if (ctx->identifierList()) {
    for (auto* id : ctx->identifierList()->identifier()) view.columns.push_back(w.Ident(id));
  }
  std::string body = w.TextAfter(ctx->AS()->getSymbol());
  view.query = model::Expr(body, ViewKey(body, view.columns));
  for (auto* attr : ctx->viewAttribute()) {
    // The server's defaults (UNDEFINED, DEFINER) are left out, as when not written.
    std::string value = attr->identifier() ? AsciiLower(w.Text(attr->identifier())) : "";
    if (attr->ALGORITHM() && value != "undefined") view.options["algorithm"] = value;
    if (attr->SECURITY() && value != "definer") view.options["sql_security"] = value;
  }
  auto balanced = ctx->balanced();
  if (!balanced.empty()) {
    view.relations = Relations(w, balanced.front()->getStart()->getTokenIndex(),
                               balanced.back()->getStop()->getTokenIndex());
  }
  auto& slot = w.out.catalog.views[view.name];
  if (!slot.name.name.empty() && !ctx->REPLACE() && !ctx->ifNotExists()) {
    w.Error(ctx, "view " + view.name.Display() + " already exists");
    return;
  }
  if (slot.name.name.empty() || ctx->REPLACE()) slot = std::move(view);
}

void TransformCreateTrigger(Walk& w, P::CreateTriggerContext* ctx) {
  auto names = ctx->qualifiedName();
  model::Trigger trg;
  model::QualifiedName name = w.Name(names[0]);
  trg.name = name.name;
  trg.table = w.Name(names[1]);
  trg.timing = ctx->triggerTime()->BEFORE() ? "BEFORE" : "AFTER";
  trg.events = {ctx->triggerEvent()->INSERT()   ? "INSERT"
                : ctx->triggerEvent()->UPDATE() ? "UPDATE"
                                                : "DELETE"};
  trg.for_each_row = true;
  trg.body = w.TextFrom(ctx->balanced().front()->getStart());
  trg.body_key = BodyKey(trg.body);
  trg.loc = w.Loc(ctx);
  if (!w.out.catalog.tables.count(trg.table)) {
    w.Error(ctx, "trigger " + trg.name + " on unknown table " + trg.table.Display());
    return;
  }
  model::TriggerKey key{trg.table, trg.name};
  if (w.out.catalog.triggers.count(key) && !ctx->REPLACE()) {
    if (!ctx->ifNotExists()) w.Error(ctx, "trigger " + trg.name + " already exists");
    return;
  }
  w.out.catalog.triggers[key] = std::move(trg);
}

void TransformCreateRoutine(Walk& w, P::CreateRoutineContext* ctx) {
  model::Function fn;
  fn.name = w.Name(ctx->qualifiedName());
  fn.is_procedure = ctx->PROCEDURE() != nullptr;
  fn.loc = w.Loc(ctx);
  for (auto* param : ctx->routineParam()) {
    model::FunctionArg arg;
    if (param->OUT()) arg.mode = "OUT";
    if (param->INOUT()) arg.mode = "INOUT";
    arg.name = w.Ident(param->identifier());
    arg.type = TransformType(w, param->dataType()).type;
    fn.signature += (fn.signature.empty() ? "" : ", ") + arg.type;
    fn.args.push_back(std::move(arg));
  }
  if (ctx->RETURNS()) fn.returns = TransformType(w, ctx->dataType()).type;
  // The characteristics before the body have columns of their own in information_schema.
  RoutineTraits traits;
  size_t i = ctx->balanced().front()->getStart()->getTokenIndex();
  i = RoutineCharacteristics(w, i, traits);
  ApplyRoutineTraits(traits, fn);
  fn.body = w.TextFrom(w.tokens.get(i));
  fn.body_key = BodyKey(fn.body);
  model::FunctionKey key{fn.name, fn.signature};
  for (const auto& [k, other] : w.out.catalog.functions) {
    if (k.first == fn.name && other.is_procedure == fn.is_procedure) {
      if (!ctx->REPLACE() && !ctx->ifNotExists()) {
        w.Error(ctx, std::string(fn.is_procedure ? "procedure " : "function ") + fn.name.Display() +
                         " already exists");
      }
      return;
    }
  }
  w.out.catalog.functions[key] = std::move(fn);
}

}  // namespace keel::parser::mysql
