#include "tests/support/live_db.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>

namespace keel::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
namespace {

// Single-quotes a word for /bin/sh.
std::string ShellQuote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

}  // namespace

CommandResult RunShell(const std::string& command, const std::string& scratch) {
  const std::string out = scratch + "/stdout", err = scratch + "/stderr";
  const int status = std::system((command + " >'" + out + "' 2>'" + err + "' </dev/null").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
}

pid_t RunInBackground(const std::string& command, const std::string& out, const std::string& err) {
  std::string cmd = command + " >'" + out + "' 2>'" + err + "' </dev/null";
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int WaitFor(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool Until(const std::function<bool()>& ready, double seconds) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

namespace {

// Runs a shell command; returns its exit status and collects stdout+stderr.
int Run(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  const int status = pclose(pipe);
  if (output != nullptr) *output = text;
  if (status == -1) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ServerDbConninfo(const std::string& dbname) {
  return ServerConninfo() + " dbname=" + dbname;
}

}  // namespace

std::string ServerConninfo() {
  // pg_tmp.sh writes `export PGHOST=… PGPORT=…` lines (one or several variables per line).
  std::ifstream env(KEEL_PG_STATE "/env");
  if (!env) return "";
  std::string host, port, word;
  while (env >> word) {
    if (word.starts_with("PGHOST=")) host = word.substr(7);
    if (word.starts_with("PGPORT=")) port = word.substr(7);
  }
  if (host.empty() || port.empty()) return "";
  return "host=" + host + " port=" + port + " user=postgres";
}

ScratchDatabase::ScratchDatabase(const std::string& prefix) {
  if (ServerConninfo().empty()) {
    throw std::runtime_error("no throwaway PostgreSQL: run through ctest (fixture pg_start)");
  }
  static std::atomic<int> counter{0};
  name_ = prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  conninfo_ = ServerDbConninfo(name_);
  pqxx::connection admin(ServerDbConninfo("postgres"));
  pqxx::nontransaction txn(admin);
  txn.exec("DROP DATABASE IF EXISTS " + txn.quote_name(name_) + " WITH (FORCE)");
  txn.exec("CREATE DATABASE " + txn.quote_name(name_));
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection admin(ServerDbConninfo("postgres"));
    pqxx::nontransaction txn(admin);
    txn.exec("DROP DATABASE IF EXISTS " + txn.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    // A destructor must not throw; a leftover database dies with the throwaway server.
    std::fprintf(stderr, "warning: could not drop %s: %s\n", name_.c_str(), e.what());
  }
}

int ScratchDatabase::RunSql(const std::string& sql, std::string* output) const {
  char path[] = "/tmp/keel-sql-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  {
    std::ofstream file(path);
    file << sql;
  }
  const int status = RunFile(path, output);
  std::remove(path);
  return status;
}

int ScratchDatabase::RunFile(const std::string& path, std::string* output) const {
  return Run("psql -X -q -v ON_ERROR_STOP=1 -d " + ShellQuote(conninfo_) + " -f " +
                 ShellQuote(path) + " </dev/null",
             output);
}

}  // namespace keel::testing
