// Child processes keel runs (pg_dump, pg_restore, initdb, pg_ctl): argv, never a shell.
#pragma once

#include <string>
#include <vector>

namespace keel::apply {

struct ProcessOptions {
  std::string log;  // stdout and stderr go here (appended); /dev/null when empty
  std::string
      password;  // for the child only (in password_env), so it never shows in a process list
  bool as_postgres = false;  // when keel runs as root, the child runs as user postgres
  std::string password_env = "PGPASSWORD";
  std::string input = {};  // the child's stdin reads this file; /dev/null when empty
};

/// Runs argv[0] (a path, or a name looked up in PATH) and waits; returns its exit status, or -1
/// when it could not run or was killed.
int RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options);

/// The last lines of a log file, joined with " | " (empty when it cannot be read).
std::string TailOf(const std::string& path, int lines = 5);

}  // namespace keel::apply
