#include "parser/mysql/routines.h"

namespace keel::parser::mysql {

void ApplyRoutineTraits(const RoutineTraits& traits, model::Function& fn) {
  fn.volatility = traits.deterministic ? 'i' : 'v';
  fn.security_definer = !traits.invoker;
  fn.config.clear();
  if (traits.data_access != "contains sql") fn.config.push_back(traits.data_access);
  fn.comment.reset();
  if (!traits.comment.empty()) fn.comment = traits.comment;
}

}  // namespace keel::parser::mysql
