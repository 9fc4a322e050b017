#include "tests/conformance/runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>
#include <stdexcept>

#include "cli/cli.h"
#include "tests/conformance/common.h"

namespace keel::conformance {
namespace detail {

std::string ShellQuote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command; returns its exit status with stdout+stderr in `output`.
int Shell(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  char buffer[4096];
  size_t n;
  output->clear();
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output->append(buffer, n);
  const int status = pclose(pipe);
  if (status == -1) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) + "…" : line;
}

// The first line holding `marker`, from the marker on; else the first line.
std::string LineFrom(const std::string& text, const std::string& marker) {
  size_t at = text.find(marker);
  if (at == std::string::npos) return FirstLine(text);
  return FirstLine(text.substr(at));
}

// Quoted names vary per case; causes group better without them.
std::string Generalize(const std::string& message) {
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '"') {
      out += quoted ? "\"" : "\"…";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

// "add constraint t_a_fkey on public.t" -> "add constraint"; keeps a "(what)" suffix.
std::string StepKind(const std::string& description) {
  std::istringstream words(description);
  std::string a, b;
  words >> a >> b;
  std::string kind = a + " " + b;
  if (size_t p = description.rfind(" ("); p != std::string::npos) kind += description.substr(p);
  return kind;
}

// The descriptions of the plan's steps, from its "-- step N: ..." comment lines.
std::vector<std::string> StepDescriptions(const std::string& sql) {
  std::vector<std::string> out;
  std::istringstream in(sql);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("-- step ")) continue;
    size_t colon = line.find(": ");
    if (colon != std::string::npos) out.push_back(line.substr(colon + 2));
  }
  return out;
}

KeelRun Keel(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  KeelRun r;
  r.exit = cli::Main(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// A keel error as a cause: the message after "error: ", without the file location.
Result KeelFailure(const std::string& stage, const KeelRun& run) {
  std::string line = FirstLine(run.err);
  std::string message = line;
  if (size_t p = line.find("error: "); p != std::string::npos) message = line.substr(p + 7);
  if (message.starts_with("keel: ")) message = message.substr(6);
  Result r{Outcome::kFail, "", line};
  if (message.starts_with("unsupported")) {
    r.cause = "unsupported: " + Generalize(message.substr(message.find(':') + 2));
  } else {
    r.cause = stage + " exit " + std::to_string(run.exit) + ": " + Generalize(message);
  }
  return r;
}

Result Failure(const std::string& cause, const std::string& detail) {
  return {Outcome::kFail, cause, detail};
}

}  // namespace detail

using namespace detail;

namespace {

// Runs a file through psql, stopping at the first error; returns the error line or "".
std::string Load(const std::string& conninfo, const std::string& path) {
  std::string output;
  int rc = Shell("PGOPTIONS='-c statement_timeout=120s' psql -X -q -v ON_ERROR_STOP=1 -d " +
                     ShellQuote(conninfo) + " -f " + ShellQuote(path) + " </dev/null",
                 &output);
  if (rc == 0) return "";
  std::string line = LineFrom(output, "ERROR:");
  return line.empty() ? "psql exit " + std::to_string(rc) : line;
}

// Empties a database: every user schema and extension goes, public comes back as initdb makes
// it. Much faster than DROP + CREATE DATABASE, which each force a checkpoint.
constexpr char kResetSql[] = R"sql(
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
             AND nspname !~ '^pg_(toast_)?temp_' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
END
$$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
)sql";

// What a schema reset leaves behind; any of it and the database is recreated instead.
constexpr char kLeftoversSql[] = R"sql(
SELECT (SELECT count(*) FROM pg_default_acl) + (SELECT count(*) FROM pg_event_trigger)
     + (SELECT count(*) FROM pg_publication) + (SELECT count(*) FROM pg_foreign_data_wrapper)
     + (SELECT count(*) FROM pg_foreign_server) + (SELECT count(*) FROM pg_cast WHERE oid >= 16384)
     + (SELECT count(*) FROM pg_language WHERE oid >= 16384)
     + (SELECT count(*) FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
        WHERE d.datname = current_database())
)sql";

}  // namespace

Workspace::Workspace(const Server& server) : server_(server) {}

Workspace::~Workspace() {
  for (const auto& [slot, name] : databases_) Drop(name);
}

pqxx::connection& Workspace::Admin() {
  if (!admin_ || !admin_->is_open())
    admin_ = std::make_unique<pqxx::connection>(server_.conninfo + " dbname=postgres");
  return *admin_;
}

void Workspace::Drop(const std::string& name) {
  try {
    pqxx::nontransaction txn(Admin());
    txn.exec("DROP DATABASE IF EXISTS " + txn.quote_name(name) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warning: could not drop %s: %s\n", name.c_str(), e.what());
  }
}

std::string Workspace::Acquire(const std::string& slot) {
  auto it = databases_.find(slot);
  if (it != databases_.end()) {
    const std::string conninfo = server_.conninfo + " dbname=" + it->second;
    try {
      pqxx::connection conn(conninfo);
      pqxx::work txn(conn);
      txn.exec(kResetSql);
      const bool clean = txn.exec1(kLeftoversSql)[0].as<long>() == 0;
      txn.commit();
      if (clean) return conninfo;
    } catch (const std::exception&) {
      // Fall through: a fresh database is always correct.
    }
    Drop(it->second);
    databases_.erase(it);
  }
  static std::atomic<int> counter{0};
  std::string name = "keel_conf_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  pqxx::nontransaction txn(Admin());
  // FILE_COPY: a tiny template copies faster than with WAL_LOG (PostgreSQL 15+).
  txn.exec("CREATE DATABASE " + txn.quote_name(name) + " STRATEGY = FILE_COPY");
  databases_[slot] = name;
  return server_.conninfo + " dbname=" + name;
}

namespace detail {

// A temporary file deleted with the object.
TempFile::TempFile(const std::string& text) {
  char path[] = "/tmp/keel-conf-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  path_ = path;
  std::ofstream(path_, std::ios::binary) << text;
}

TempFile::~TempFile() { std::remove(path_.c_str()); }

std::string ApplyError(const std::string& error) {
  size_t p = error.find("ERROR:");
  std::string message = p == std::string::npos ? error : error.substr(p + 6);
  while (!message.empty() && message.front() == ' ') message.erase(0, 1);
  return "apply error: " + Generalize(message);
}

// Empty when `a` and `b` hold the same schema; otherwise the failure with `stage`.
std::optional<Result> Compare(const std::string& stage, const std::string& a, const std::string& b,
                              const std::vector<std::string>& args) {
  std::vector<std::string> diff_args = {"diff", "--from",      a,          "--to",
                                        b,      "--exit-code", "--format", "sql"};
  diff_args.insert(diff_args.end(), args.begin(), args.end());
  KeelRun diff = Keel(diff_args);
  if (diff.exit == 0) return std::nullopt;
  if (diff.exit != 10) return KeelFailure(stage + ": keel diff", diff);
  auto steps = StepDescriptions(diff.out);
  std::string first = steps.empty() ? "?" : steps.front();
  return Failure(stage + ": " + StepKind(first),
                 std::to_string(steps.size()) + " extra steps, first: " + first);
}

std::optional<Result> Idempotent(const std::string& desired, const std::string& db,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> again_args = {"plan",        "--schema", desired, "--db",   db,
                                         "--exit-code", "--format", "sql",   "--quiet"};
  again_args.insert(again_args.end(), args.begin(), args.end());
  KeelRun again = Keel(again_args);
  if (again.exit == 10) {
    auto steps = StepDescriptions(again.out);
    std::string first = steps.empty() ? "?" : steps.front();
    return Failure("not idempotent: " + StepKind(first), "second plan: " + first);
  }
  if (again.exit != 0) return KeelFailure("keel replan", again);
  return std::nullopt;
}

}  // namespace detail

namespace {

Result Run(Workspace& workspace, const Case& c) {
  // keel's parse errors need no database.
  KeelRun parse = Keel({"diff", "--from", c.desired_path, "--to", c.desired_path, "--quiet"});
  if (parse.exit != 0 && parse.exit != 10) return KeelFailure("keel parse", parse);
  const std::string a = workspace.Acquire("a");
  if (auto e = Load(a, c.current_path); !e.empty())
    return {Outcome::kNotApplicable, "current.sql does not load", e};
  // Golden desired files may be declarative (forward references): then the second plan
  // against A is the only convergence check.
  const std::string b = workspace.Acquire("b");
  const std::string b_error = Load(b, c.desired_path);
  if (!b_error.empty() && !c.golden)
    return {Outcome::kNotApplicable, "desired.sql does not load", b_error};

  // Golden cases check the file-to-file plan that their .case file blesses.
  std::vector<std::string> plan_args =
      c.golden ? std::vector<std::string>{"diff", "--from", c.current_path, "--to", c.desired_path}
               : std::vector<std::string>{"plan", "--schema", c.desired_path, "--db", a};
  plan_args.insert(plan_args.end(), {"--format", "sql", "--quiet"});
  plan_args.insert(plan_args.end(), c.args.begin(), c.args.end());
  KeelRun plan = Keel(plan_args);
  if (plan.exit != 0) return KeelFailure("keel plan", plan);
  plan_args.push_back("--rollback");
  KeelRun rollback = Keel(plan_args);
  if (rollback.exit != 0) return KeelFailure("keel rollback", rollback);
  const std::string rollback_sql = rollback.out;

  TempFile plan_file(plan.out);
  if (auto e = Load(a, plan_file.path()); !e.empty()) return Failure(ApplyError(e), e);
  if (b_error.empty())
    if (auto f = Compare("not converged", a, b, c.args)) return *f;
  if (auto f = Idempotent(c.desired_path, a, c.args)) return *f;

  // Invariant 2: the rollback script gives back the original schema, checked against a fresh
  // load of current.sql. A plan with a step that cannot be undone (an enum value added) has no
  // identity rollback. Golden cases must restore; for the suites it is counted.
  Result result;
  if (rollback_sql.find("-- cannot be undone:") != std::string::npos) {
    result.rollback = Result::Rollback::kIrreversible;
    return result;
  }
  std::optional<Result> failed;
  TempFile rollback_file(rollback_sql);
  if (auto e = Load(a, rollback_file.path()); !e.empty()) {
    failed = Failure("rollback " + ApplyError(e), e);
  } else {
    const std::string original = workspace.Acquire("c");
    if (auto e = Load(original, c.current_path); !e.empty())
      failed = Failure("current.sql does not reload", e);
    else
      failed = Compare("rollback not converged", a, original, c.args);
  }
  if (failed && c.golden) return *failed;
  result.rollback = failed ? Result::Rollback::kFailed : Result::Rollback::kRestored;
  if (failed) result.rollback_detail = failed->cause + " | " + failed->detail;
  return result;
}

}  // namespace

Result RunCase(Workspace& workspace, const Case& c) {
  if (!c.not_applicable.empty()) return {Outcome::kNotApplicable, c.not_applicable, ""};
  try {
    return Run(workspace, c);
  } catch (const std::exception& e) {
    return Failure("harness error", FirstLine(e.what()));
  }
}

void CreateRoles(const Server& server, const std::vector<std::string>& roles) {
  pqxx::connection conn(server.conninfo + " dbname=postgres");
  for (const auto& role : roles) {
    try {
      pqxx::nontransaction txn(conn);
      txn.exec("CREATE ROLE " + txn.quote_name(role));
    } catch (const pqxx::sql_error&) {
      // Exists already (another suite, an earlier run): that is all we need.
    }
  }
}

}  // namespace keel::conformance
