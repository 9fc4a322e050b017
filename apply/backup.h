// Backups taken by apply before its first destructive step: pg_dump in custom format
// (compressed), of the tables the destructive steps touch or of the whole database.
#pragma once

#include <string>
#include <vector>

#include "planner/plan.h"

namespace keel::apply {

/// Steps that lose data or cannot be undone exactly: what a backup is for.
bool IsDestructive(const planner::Step& step);

struct BackupResult {
  bool ok = false;
  std::string path;
  std::string restore;  // the command that restores it (password redacted)
  std::string error;
};

/// Dumps `tables` (all of the database when empty) from `conninfo` into `dir` with the
/// pg_dump that matches the server's major version. `label` is the redacted target for the
/// restore command.
BackupResult Backup(const std::string& conninfo, const std::string& label, int server_major,
                    const std::vector<std::string>& tables, const std::string& dir,
                    const std::string& name);

/// Restores a backup written by Backup into `conninfo` (pg_restore --clean --if-exists, in one
/// transaction). Empty on success, else what pg_restore said.
std::string Restore(const std::string& conninfo, int server_major, const std::string& path);

}  // namespace keel::apply
