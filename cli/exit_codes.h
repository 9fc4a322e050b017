// The exit codes of CLI.md: scripts and bots depend on them.
#pragma once

namespace keel::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitPreflight = 1,
  kExitStepFailed = 2,
  kExitPostflight = 3,
  kExitRollback = 4,
  kExitUsage = 5,
  kExitInput = 6,
  kExitConnect = 7,
  kExitRefused = 8,
  kExitChanges = 10,
  kExitLintFindings = 10,  // lint: the worst finding is low or medium
  kExitLintHigh = 11,      // lint: the worst finding is high or critical
};

}  // namespace keel::cli
