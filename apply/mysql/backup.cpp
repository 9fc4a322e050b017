#include "apply/mysql/backup.h"

#include <unistd.h>

#include <filesystem>

#include "apply/process.h"
#include "introspect/mysql/connection.h"

namespace keel::apply::mysql {
namespace {

namespace fs = std::filesystem;

// The MariaDB name of a client tool on MariaDB installs (mariadb-dump), else MySQL's (mysqldump).
std::string Tool(const std::string& mariadb, const std::string& mysql) {
  for (const char* dir : {"/usr/bin/", "/usr/local/bin/"})
    if (access((std::string(dir) + mariadb).c_str(), X_OK) == 0) return mariadb;
  return mysql;
}

// How a client tool reaches the server the URL names (the password goes in MYSQL_PWD).
void AppendConnection(std::vector<std::string>& argv, const introspect::mysql::Url& u) {
  argv.push_back("--user=" + u.user);
  if (!u.socket.empty()) {
    argv.push_back("--socket=" + u.socket);
  } else {
    argv.push_back("--host=" + u.host);
    argv.push_back("--port=" + std::to_string(u.port));
    argv.push_back("--protocol=tcp");
  }
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

BackupResult Backup(const std::string& url, const std::vector<std::string>& tables,
                    const std::string& dir, const std::string& name) {
  BackupResult result;
  introspect::mysql::Url u;
  try {
    u = introspect::mysql::ParseUrl(url);
  } catch (const std::exception& e) {
    result.error = e.what();
    return result;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    result.error = "cannot create " + dir + ": " + ec.message();
    return result;
  }
  result.path = (fs::path(dir) / (name + ".sql")).string();
  std::vector<std::string> argv = {Tool("mariadb-dump", "mysqldump"),
                                   "--no-defaults",
                                   "--single-transaction",
                                   "--skip-lock-tables",
                                   "--routines",
                                   "--triggers",
                                   "--result-file=" + result.path};
  AppendConnection(argv, u);
  argv.push_back(u.database);
  for (const auto& t : tables) {
    // Steps name tables of the current database unqualified.
    size_t dot = t.find('.');
    argv.push_back(dot == std::string::npos ? t : t.substr(dot + 1));
  }
  const std::string log = result.path + ".log";
  ProcessOptions options;
  options.log = log;
  options.password = u.password;
  options.password_env = "MYSQL_PWD";
  int status = RunProcess(argv, options);
  if (status != 0) {
    result.error = argv[0] + " exited with " + std::to_string(status) + ": " + TailOf(log, 20);
    return result;
  }
  fs::remove(log, ec);
  result.ok = true;
  result.restore = "mariadb " + ShellQuote(u.database) + " < " + ShellQuote(result.path) +
                   " (connected to " + introspect::mysql::RedactUrl(url) + ")";
  return result;
}

std::string Restore(const std::string& url, const std::string& path) {
  const introspect::mysql::Url u = introspect::mysql::ParseUrl(url);
  std::vector<std::string> argv = {Tool("mariadb", "mysql"), "--no-defaults", "--binary-mode"};
  AppendConnection(argv, u);
  argv.push_back(u.database);
  const std::string log = path + ".restore.log";
  ProcessOptions options;
  options.log = log;
  options.password = u.password;
  options.password_env = "MYSQL_PWD";
  options.input = path;
  int status = RunProcess(argv, options);
  std::error_code ec;
  if (status != 0) {
    std::string error = argv[0] + " exited with " + std::to_string(status) + ": " + TailOf(log, 5);
    fs::remove(log, ec);
    return error;
  }
  fs::remove(log, ec);
  return "";
}

}  // namespace keel::apply::mysql
