#include "apply/backup.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

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

// A foreign key of a table the backup does not hold into one it does.
struct InboundKey {
  std::string table, name, definition;  // quoted, and as pg_get_constraintdef() prints it
};

std::vector<InboundKey> InboundKeys(const std::string& conninfo, int server_major,
                                    const std::string& path, const std::string& log) {
  // The backup's tables, from its table of contents: "id; oid oid TABLE schema name owner".
  const std::string list = log + ".list";
  if (RunProcess({Tool("pg_restore", server_major), "--list", "--file=" + list, path},
                 {log, "", false}) != 0)
    return {};
  std::vector<std::string> tables;
  std::ifstream in(list);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string id, oid1, oid2, kind, schema, name;
    if (!(words >> id >> oid1 >> oid2 >> kind >> schema >> name) || kind != "TABLE") continue;
    tables.push_back(schema + "." + name);
  }
  std::error_code ec;
  fs::remove(list, ec);
  if (tables.empty()) return {};
  pqxx::connection conn(conninfo);
  pqxx::nontransaction tx(conn);
  // Names print qualified, as the restore script (which empties search_path) needs them.
  tx.exec("SET search_path = ''");
  std::string array = "ARRAY[";
  for (size_t i = 0; i < tables.size(); ++i) {
    const auto dot = tables[i].find('.');
    array += (i ? ", " : "") + tx.quote(tables[i].substr(0, dot)) + "||'.'||" +
             tx.quote(tables[i].substr(dot + 1));
  }
  array += "]::text[]";
  std::vector<InboundKey> keys;
  for (const auto& row : tx.exec(
           "WITH held AS (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
           "ON n.oid = c.relnamespace WHERE n.nspname || '.' || c.relname = ANY(" +
           array +
           ")) SELECT k.conrelid::regclass::text, quote_ident(k.conname), "
           "pg_catalog.pg_get_constraintdef(k.oid) FROM pg_catalog.pg_constraint k WHERE "
           "k.contype = 'f' AND k.confrelid IN (SELECT oid FROM held) AND k.conrelid NOT IN "
           "(SELECT oid FROM held) ORDER BY 1, 2"))
    keys.push_back({row[0].c_str(), row[1].c_str(), row[2].c_str()});
  return keys;
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
  const std::string dbname = WithoutPassword(conninfo, &password);
  char log[] = "/tmp/keel-restore-XXXXXX";
  int fd = mkstemp(log);
  if (fd < 0) return "cannot create a temporary file";
  close(fd);
  std::vector<std::string> files = {log};
  auto finish = [&](int status, const std::string& tool) {
    std::string text = TailOf(log, 20);
    std::error_code ec;
    for (const auto& f : files) fs::remove(f, ec);
    return status == 0 ? std::string()
                       : tool + " exited with " + std::to_string(status) + ": " + text;
  };
  const std::vector<InboundKey> inbound = InboundKeys(conninfo, server_major, path, log);
  if (inbound.empty()) {
    int status = RunProcess(
        {Tool("pg_restore", server_major), "--clean", "--if-exists", "--single-transaction",
         "--exit-on-error", "--no-password", "--dbname=" + dbname, path},
        {log, password, false});
    return finish(status, "pg_restore");
  }
  // Other tables' foreign keys into the restored ones would stop DROP TABLE: they are dropped
  // first and added back (checking their rows) in the same transaction as the restore.
  const std::string script = std::string(log) + ".sql", wrapper = std::string(log) + ".psql";
  files.push_back(script);
  files.push_back(wrapper);
  int status = RunProcess(
      {Tool("pg_restore", server_major), "--clean", "--if-exists", "--file=" + script, path},
      {log, "", false});
  if (status != 0) return finish(status, "pg_restore");
  {
    std::ofstream out(wrapper);
    out << "\\set ON_ERROR_STOP on\nBEGIN;\n";
    for (const auto& k : inbound)
      out << "ALTER TABLE " << k.table << " DROP CONSTRAINT " << k.name << ";\n";
    out << "\\i " << script << "\n";
    for (const auto& k : inbound)
      out << "ALTER TABLE " << k.table << " ADD CONSTRAINT " << k.name << " " << k.definition
          << ";\n";
    out << "COMMIT;\n";
  }
  status = RunProcess({Tool("psql", server_major), "-X", "-q", "--no-password",
                       "--dbname=" + dbname, "--file=" + wrapper},
                      {log, password, false});
  return finish(status, "psql");
}

}  // namespace keel::apply
