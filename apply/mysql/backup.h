// Backups taken by a MySQL apply before its first destructive step: mariadb-dump (or mysqldump)
// of the tables those steps touch, or of the whole database, as a consistent snapshot of InnoDB
// tables (--single-transaction) that the mariadb client restores.
#pragma once

#include <string>
#include <vector>

#include "apply/backup.h"

namespace keel::apply::mysql {

/// Dumps `tables` (the whole database when empty) of the database `url` names into
/// DIR/NAME.sql.
BackupResult Backup(const std::string& url, const std::vector<std::string>& tables,
                    const std::string& dir, const std::string& name);

/// Runs a backup file through the mariadb (or mysql) client into the database `url` names. The
/// file drops and re-creates each table it holds; MySQL commits statement by statement, so a
/// failure leaves the tables before it restored. Returns an error, or empty.
std::string Restore(const std::string& url, const std::string& path);

}  // namespace keel::apply::mysql
