// A scratch database for checking a plan before it runs anywhere that matters: created on a
// given server under a unique name, dropped when the object goes away.
#pragma once

#include <string>

namespace keel::apply {

class ScratchDatabase {
 public:
  /// Creates the database on the server `server` (a URL or key=value conninfo) points at.
  /// Throws with the server's message when it cannot (no CREATEDB privilege, unreachable).
  explicit ScratchDatabase(const std::string& server);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  /// Connection string of the scratch database.
  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }

 private:
  std::string server_;
  std::string name_;
  std::string conninfo_;
};

/// `conninfo` (URL or key=value) with its database replaced by `dbname`, as key=value.
std::string WithDatabase(const std::string& conninfo, const std::string& dbname);

/// `conninfo` as key=value without its password, which goes to `password` (for a child
/// process's environment, so it never shows in a process list).
std::string WithoutPassword(const std::string& conninfo, std::string* password);

}  // namespace keel::apply
