#include "apply/backup.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "apply/process.h"
#include "apply/shadow.h"

namespace keel::apply {
namespace {

namespace fs = std::filesystem;

std::string Tool(const std::string& name, int server_major) {
  // A pg_dump older than the server refuses to dump it; Debian keeps one per major version.
  fs::path versioned = "/usr/lib/postgresql/" + std::to_string(server_major) + "/bin/" + name;
  std::error_code ec;
  return fs::exists(versioned, ec) ? versioned.string() : name;
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
  std::vector<std::string> argv = {Tool("pg_dump", server_major),
                                   "--format=custom",
                                   "--compress=6",
                                   "--no-password",
                                   "--file=" + result.path,
                                   "--dbname=" + WithoutPassword(conninfo, &password)};
  for (const auto& t : tables) argv.push_back("--table=" + t);
  const std::string log = result.path + ".log";
  int status = RunProcess(argv, {log, password, false});
  if (status != 0) {
    result.error = "pg_dump exited with " + std::to_string(status) + ": " + TailOf(log, 20);
    return result;
  }
  fs::remove(log, ec);
  result.ok = true;
  result.restore = "pg_restore --clean --if-exists --single-transaction --dbname " +
                   ShellQuote(label) + " " + ShellQuote(result.path);
  return result;
}

std::string Restore(const std::string& conninfo, int server_major, const std::string& path) {
  std::string password;
  char tmpl[] = "/tmp/keel-restore-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) return "cannot create a temporary file";
  close(fd);
  int status = RunProcess({Tool("pg_restore", server_major), "--clean", "--if-exists",
                           "--single-transaction", "--exit-on-error", "--no-password",
                           "--dbname=" + WithoutPassword(conninfo, &password), path},
                          {tmpl, password, false});
  std::string text = TailOf(tmpl, 20);
  std::error_code ec;
  fs::remove(tmpl, ec);
  if (status == 0) return "";
  return "pg_restore exited with " + std::to_string(status) + ": " + text;
}

}  // namespace keel::apply
