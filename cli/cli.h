// keel's command-line entry point: argv -> exit code. Thin: parses options, calls the stages.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace keel::cli {

/// Runs `keel args...` writing results to `out` and diagnostics to `err`.
int Main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace keel::cli
