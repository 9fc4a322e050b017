#include "apply/backup.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "apply/shadow.h"

namespace keel::apply {
namespace {

namespace fs = std::filesystem;

std::string PgDump(int server_major) {
  // A pg_dump older than the server refuses to dump it; Debian keeps one per major version.
  fs::path versioned = "/usr/lib/postgresql/" + std::to_string(server_major) + "/bin/pg_dump";
  std::error_code ec;
  return fs::exists(versioned, ec) ? versioned.string() : "pg_dump";
}

// Runs argv with PGPASSWORD set for the child only; stderr goes to `log`. Returns its status.
int Run(const std::vector<std::string>& argv, const std::string& password, const std::string& log) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (!password.empty()) setenv("PGPASSWORD", password.c_str(), 1);
    FILE* err = freopen(log.c_str(), "w", stderr);
    (void)err;
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

bool IsDestructive(const planner::Step& step) {
  if (step.reversibility != planner::Reversibility::kReversible) return true;
  for (const auto& h : step.hazards)
    if (h.code == planner::HazardCode::kDataLoss || h.code == planner::HazardCode::kTableRewrite)
      return true;
  return false;
}

BackupResult Backup(const std::string& conninfo, const std::string& label, int server_major,
                    const std::vector<std::string>& tables, const std::string& dir,
                    const std::string& name) {
  BackupResult result;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    result.error = "cannot create " + dir + ": " + ec.message();
    return result;
  }
  result.path = (fs::path(dir) / (name + ".dump")).string();
  std::string password;
  std::vector<std::string> argv = {
      PgDump(server_major),    "--format=custom",
      "--compress=6",          "--no-password",
      "--file=" + result.path, "--dbname=" + WithoutPassword(conninfo, &password)};
  for (const auto& t : tables) argv.push_back("--table=" + t);
  const std::string log = result.path + ".log";
  int status = Run(argv, password, log);
  if (status != 0) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && text.back() == '\n') text.pop_back();
    result.error = "pg_dump exited with " + std::to_string(status) + ": " + text;
    return result;
  }
  fs::remove(log, ec);
  result.ok = true;
  result.restore = "pg_restore --clean --if-exists --single-transaction --dbname " +
                   ShellQuote(label) + " " + ShellQuote(result.path);
  return result;
}

}  // namespace keel::apply
