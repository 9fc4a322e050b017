#include "apply/throwaway.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "apply/process.h"

namespace keel::apply {
namespace {

namespace fs = std::filesystem;

// The newest installed server's binaries (Debian keeps one directory per major version).
std::string ServerBin() {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(e.path() / "bin" / "initdb", ec)) found.push_back(e.path() / "bin");
  if (found.empty())
    throw std::runtime_error(
        "no PostgreSQL server is installed (no /usr/lib/postgresql/*/bin/initdb)");
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    return std::stoi(a.parent_path().filename()) < std::stoi(b.parent_path().filename());
  });
  return found.back().string();
}

// initdb refuses to run as root: then the cluster belongs to the postgres user.
const passwd* Owner() { return geteuid() == 0 ? getpwnam("postgres") : nullptr; }

int Run(const std::vector<std::string>& argv, const std::string& log) {
  return RunProcess(argv, {log, "", true});
}

// A port the kernel considers free on 127.0.0.1 right now.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0) close(fd);
  return port;
}

}  // namespace

ThrowawayServer::ThrowawayServer() : bin_(ServerBin()) {
  char tmpl[] = "/tmp/keel-pg-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary directory");
  dir_ = tmpl;
  if (const passwd* pw = Owner())
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
      throw std::runtime_error("cannot give " + dir_ + " to the postgres user");
  const std::string log = dir_ + "/server.log";
  if (Run({bin_ + "/initdb", "-D", dir_ + "/data", "-A", "trust", "-U", "postgres", "--no-sync",
           "--locale=C.UTF-8"},
          log) != 0)
    throw std::runtime_error("initdb failed: " + TailOf(log));
  for (int attempt = 0; attempt < 5; ++attempt) {
    int port = FreePort();
    std::string options = "-p " + std::to_string(port) + " -k " + dir_ +
                          " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off";
    if (Run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", log, "-w", "-t", "60", "-o", options,
             "start"},
            log) == 0) {
      conninfo_ = "host=127.0.0.1 port=" + std::to_string(port) + " user=postgres dbname=postgres";
      return;
    }
  }
  std::string why = TailOf(log);
  std::error_code ec;
  fs::remove_all(dir_, ec);
  throw std::runtime_error("the throwaway server did not start: " + why);
}

ThrowawayServer::~ThrowawayServer() {
  Run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"}, "/dev/null");
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace keel::apply
