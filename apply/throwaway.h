// keel's own throwaway PostgreSQL: initdb in a temporary directory, started on a free loopback
// port, stopped and removed when the object goes away. For checking a plan when no server is
// at hand (a file-to-file diff with --verify).
#pragma once

#include <string>

namespace keel::apply {

class ThrowawayServer {
 public:
  /// Throws std::runtime_error naming what failed (no initdb installed, initdb or start failed).
  ThrowawayServer();
  ~ThrowawayServer();
  ThrowawayServer(const ThrowawayServer&) = delete;
  ThrowawayServer& operator=(const ThrowawayServer&) = delete;

  const std::string& conninfo() const { return conninfo_; }

 private:
  std::string dir_;
  std::string bin_;
  std::string conninfo_;
};

}  // namespace keel::apply
