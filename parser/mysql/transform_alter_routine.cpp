// Routine characteristics, and ALTER FUNCTION / PROCEDURE, which changes them in place.
#include "parser/mysql/routines.h"
#include "parser/mysql/transform.h"

namespace keel::parser::mysql {

using P = g::MySqlDdlParser;

size_t RoutineCharacteristics(Walk& w, size_t i, RoutineTraits& traits) {
  auto word = [&](size_t k) { return w.tokens.get(k)->getText(); };
  for (;;) {
    if (word(i) == "COMMENT" && w.tokens.get(i + 1)->getType() == P::STRING) {
      traits.comment = UnquoteString(w.TokenText(w.tokens.get(i + 1)));
      i += 2;
    } else if (word(i) == "LANGUAGE" && word(i + 1) == "SQL") {
      i += 2;
    } else if (word(i) == "DETERMINISTIC") {
      traits.deterministic = true;
      i += 1;
    } else if (word(i) == "NOT" && word(i + 1) == "DETERMINISTIC") {
      traits.deterministic = false;
      i += 2;
    } else if ((word(i) == "CONTAINS" || word(i) == "NO") && word(i + 1) == "SQL") {
      traits.data_access = AsciiLower(word(i)) + " sql";
      i += 2;
    } else if ((word(i) == "READS" || word(i) == "MODIFIES") && word(i + 1) == "SQL" &&
               word(i + 2) == "DATA") {
      traits.data_access = AsciiLower(word(i)) + " sql data";
      i += 3;
    } else if (word(i) == "SQL" && word(i + 1) == "SECURITY") {
      traits.invoker = word(i + 2) == "INVOKER";
      i += 3;
    } else {
      return i;
    }
  }
}

void TransformAlterRoutine(Walk& w, P::AlterRoutineContext* ctx) {
  model::QualifiedName name = w.Name(ctx->qualifiedName());
  bool proc = ctx->PROCEDURE() != nullptr;
  model::Function* fn = nullptr;
  for (auto& [key, f] : w.out.catalog.functions)
    if (key.first == name && f.is_procedure == proc) fn = &f;
  if (!fn) {
    w.Error(ctx, std::string("ALTER of unknown ") + (proc ? "procedure " : "function ") +
                     name.Display());
    return;
  }
  // Start from what the routine has; each characteristic written replaces its part.
  RoutineTraits traits;
  traits.deterministic = fn->volatility == 'i';
  traits.invoker = !fn->security_definer;
  if (!fn->config.empty()) traits.data_access = fn->config.front();
  traits.comment = fn->comment.value_or("");
  auto balanced = ctx->balanced();
  if (balanced.empty()) return;
  size_t i = balanced.front()->getStart()->getTokenIndex();
  size_t end = balanced.back()->getStop()->getTokenIndex();
  size_t stop = RoutineCharacteristics(w, i, traits);
  if (stop <= end) {
    w.Error(ctx, "ALTER " + std::string(proc ? "PROCEDURE" : "FUNCTION") +
                     ": unsupported characteristic '" + w.TokenText(w.tokens.get(stop)) + "'");
    return;
  }
  ApplyRoutineTraits(traits, *fn);
}

}  // namespace keel::parser::mysql
