// keel lint: hand-written migration files against the lint rules (lint/).
#pragma once

#include <ostream>

#include "cli/options.h"

namespace keel::cli {

/// Exit code: 0 when the worst finding is below --fail-on (default low), 10 when it is low or
/// medium, 11 when high or critical; 5 usage, 6 unparsable SQL, 7 cannot connect.
int RunLint(const ParsedArgs& args, std::ostream& out, std::ostream& err);

}  // namespace keel::cli
