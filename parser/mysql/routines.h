// A routine's characteristics ([NOT] DETERMINISTIC, SQL data access, SQL SECURITY, COMMENT),
// stored the same way whether read from a file or from information_schema.ROUTINES.
#pragma once

#include <string>

#include "model/catalog.h"

namespace keel::parser::mysql {

struct RoutineTraits {
  bool deterministic = false;
  std::string data_access = "contains sql";  // "no sql", "reads sql data", "modifies sql data"
  bool invoker = false;                      // SQL SECURITY INVOKER (DEFINER is the default)
  std::string comment;
};

/// volatility 'i' when deterministic ('v' otherwise), security_definer unless invoker, the
/// data access as a config entry ("reads sql data") unless it is the default, the comment when
/// not empty.
void ApplyRoutineTraits(const RoutineTraits& traits, model::Function& fn);

}  // namespace keel::parser::mysql
