// Help in other shapes, from the same command table as `keel help`: a man page and shell
// completion, so none of them can drift from the options keel really takes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/options.h"

namespace keel::cli {

/// `keel help`'s text.
std::string Usage();
/// `keel help COMMAND`'s text.
std::string CommandHelp(const CommandSpec& command);
/// Exit codes and what each means, in code order.
const std::vector<std::pair<int, std::string>>& ExitCodeMeanings();
/// keel(1) in roff (man -l keel.1).
std::string ManPage();
/// A bash completion script: commands, each command's options, --format values.
std::string BashCompletion();

}  // namespace keel::cli
