#include "tests/conformance/mysql_runner.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "introspect/mysql/connection.h"
#include "tests/conformance/common.h"

namespace keel::conformance {
namespace {

using namespace detail;
namespace my = introspect::mysql;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The databases of one case, dropped with it (with their journal rows).
class Databases {
 public:
  explicit Databases(const std::string& server_url) : server_url_(server_url), admin_(server_url) {}
  ~Databases() {
    for (const auto& name : names_) {
      try {
        admin_.Execute("DROP DATABASE IF EXISTS `" + name + "`");
        admin_.Execute(
            "DELETE s FROM keel.steps s JOIN keel.plans p ON p.id = s.plan_id WHERE "
            "p.scope = '" +
            name + "'");
        admin_.Execute("DELETE FROM keel.plans WHERE scope = '" + name + "'");
      } catch (const std::exception&) {
        // No journal was written (the plan was empty), or the server went away.
      }
    }
  }
  Databases(const Databases&) = delete;
  Databases& operator=(const Databases&) = delete;

  /// A new empty database's URL.
  std::string Create() {
    static std::atomic<int> counter{0};
    std::string name = "keel_conf_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    admin_.Execute("CREATE DATABASE `" + name + "`");
    names_.push_back(name);
    return server_url_ + name;
  }

 private:
  std::string server_url_;
  my::Connection admin_;
  std::vector<std::string> names_;
};

// Loads a file as the server splits it (one multi-statement query); the error, or "".
std::string Load(const std::string& url, const std::string& path) {
  const std::string text = ReadAll(path);
  // The server rejects an empty query; an empty file is an empty schema.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return "";
  try {
    my::Connection conn(url);
    conn.ExecuteScript(text);
    return "";
  } catch (const std::exception& e) {
    return FirstLine(e.what());
  }
}

// "apply error: <the server's message>", shortened so that causes group.
std::string ServerError(std::string message) {
  if (message.starts_with("failed: ")) message = message.substr(8);
  if (message.starts_with("statement ")) message = message.substr(message.find(": ") + 2);
  const std::string syntax = "You have an error in your SQL syntax; check the manual";
  if (message.starts_with(syntax))
    message = "syntax error" + message.substr(message.find(" near "));
  if (message.size() > 90) message = message.substr(0, 90) + "…";
  return "apply error: " + message;
}

Result Run(const std::string& server_url, const Case& c) {
  const std::vector<std::string> dialect = {"--dialect", "mysql"};
  KeelRun parse = Keel(
      {"diff", "--from", c.desired_path, "--to", c.desired_path, "--quiet", "--dialect", "mysql"});
  if (parse.exit != 0 && parse.exit != 10) return KeelFailure("keel parse", parse);
  Databases dbs(server_url);
  const std::string a = dbs.Create();
  if (auto e = Load(a, c.current_path); !e.empty())
    return {Outcome::kNotApplicable, "current.sql does not load", e};
  const std::string b = dbs.Create();
  if (auto e = Load(b, c.desired_path); !e.empty())
    return {Outcome::kNotApplicable, "desired.sql does not load", e};

  std::vector<std::string> plan_args = {"plan", "--schema", c.desired_path, "--db",
                                        a,      "--format", "sql",          "--quiet"};
  plan_args.insert(plan_args.end(), c.args.begin(), c.args.end());
  plan_args.push_back("--rollback");
  KeelRun rollback = Keel(plan_args);
  if (rollback.exit != 0) return KeelFailure("keel rollback", rollback);

  TempFile plan_json("");
  KeelRun plan = Keel({"plan", "--schema", c.desired_path, "--db", a, "--format", "json", "--out",
                       plan_json.path(), "--quiet"});
  if (plan.exit != 0) return KeelFailure("keel plan", plan);
  KeelRun apply = Keel({"apply", plan_json.path(), "--db", a, "--skip-backup", "--report-dir", "",
                        "--quiet", "--allow-hazards", "all", "--lock-wait", "30s"});
  if (apply.exit != 0) {
    std::string line = LineFrom(apply.err, "failed: ");
    return Failure(apply.exit == 2 ? ServerError(line)
                                   : "keel apply exit " + std::to_string(apply.exit) + ": " +
                                         Generalize(FirstLine(apply.err)),
                   line);
  }
  if (auto f = Compare("not converged", a, b, c.args)) return *f;
  if (auto f = Idempotent(c.desired_path, a, c.args)) return *f;

  Result result;
  if (rollback.out.find("-- cannot be undone:") != std::string::npos) {
    result.rollback = Result::Rollback::kIrreversible;
    return result;
  }
  std::optional<Result> failed;
  TempFile rollback_file(rollback.out);
  if (auto e = Load(a, rollback_file.path()); !e.empty()) {
    failed = Failure("rollback " + ServerError(e), e);
  } else {
    const std::string original = dbs.Create();
    if (auto e = Load(original, c.current_path); !e.empty())
      failed = Failure("current.sql does not reload", e);
    else
      failed = Compare("rollback not converged", a, original, c.args);
  }
  result.rollback = failed ? Result::Rollback::kFailed : Result::Rollback::kRestored;
  if (failed) result.rollback_detail = failed->cause + " | " + failed->detail;
  return result;
}

}  // namespace

Result RunMySqlCase(const std::string& server_url, const Case& c) {
  if (!c.not_applicable.empty()) return {Outcome::kNotApplicable, c.not_applicable, ""};
  try {
    return Run(server_url, c);
  } catch (const std::exception& e) {
    return Failure("harness error", FirstLine(e.what()));
  }
}

}  // namespace keel::conformance
