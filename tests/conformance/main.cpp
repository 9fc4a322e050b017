// keel_conformance: runs one suite of cases on the CTest fixture's throwaway server.
//
//   keel_conformance --suite sqldef|migra|sqldef-mysql --dir CONFORMANCE_ROOT --expected FILE
//   keel_conformance --suite golden|golden-mysql --golden-dir tests/golden --expected FILE
//   options: --jobs N (default 2)  --filter SUBSTRING  --verbose (every failure)
//            --update-expected (rewrite this suite's lines of FILE from the actual failures)
//
// Fails (exit 1) on a failure that FILE does not list; prints, without failing, listed cases
// that now pass so the list can shrink. Exit 77 (a CTest skip) without a server or suite.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "tests/conformance/mysql_runner.h"
#include "tests/conformance/runner.h"
#include "tests/golden/case_file.h"
#include "tests/support/live_db.h"
#include "tests/support/mysql_db.h"

namespace keel::conformance {
namespace {

namespace fs = std::filesystem;

constexpr int kSkip = 77;

struct Options {
  std::string suite, dir, golden_dir, expected, filter;
  int jobs = 2;
  bool verbose = false;
  bool update_expected = false;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) out.push_back(field);
  return out;
}

// The quoted strings of the JSON array under `"key": [...]` (our own suite.json files).
std::vector<std::string> JsonStrings(const std::string& json, const std::string& key) {
  std::vector<std::string> out;
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return out;
  size_t open = json.find('[', at), close = json.find(']', at);
  if (open == std::string::npos || close == std::string::npos || open > close) return out;
  for (size_t i = open; i < close; ++i) {
    if (json[i] != '"') continue;
    std::string s;
    for (++i; i < close && json[i] != '"'; ++i) s += json[i] == '\\' ? json[++i] : json[i];
    out.push_back(s);
  }
  return out;
}

// True when meta.json's flags hold "error" with a value other than false/null.
bool ExpectsError(const std::string& meta) {
  size_t at = meta.find("\"error\":");
  if (at == std::string::npos) return false;
  std::string rest = meta.substr(at + 8, 8);
  rest.erase(0, rest.find_first_not_of(" \t\n"));
  return !rest.starts_with("false") && !rest.starts_with("null");
}

// case -> reason it cannot run on PostgreSQL 15, from pg15_apply_check.tsv.
std::map<std::string, std::string> Pg15Problems(const fs::path& tsv) {
  std::map<std::string, std::string> out;
  std::ifstream in(tsv);
  std::string line;
  std::getline(in, line);
  auto header = Split(line, '\t');
  int up = -1, desired = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i].starts_with("up")) up = static_cast<int>(i);
    if (header[i].starts_with("desired")) desired = static_cast<int>(i);
  }
  while (std::getline(in, line)) {
    auto f = Split(line, '\t');
    if (f.empty()) continue;
    auto at = [&](int i) { return i >= 0 && i < static_cast<int>(f.size()) ? f[i] : ""; };
    if (at(desired) == "skipped") {
      out[f[0]] = "skipped on PG15 (offline case)";
    } else if (at(desired) != "ok") {
      out[f[0]] = "desired.sql does not load on PG15";
    } else if (at(up).starts_with("current_failed")) {
      out[f[0]] = "current.sql does not load on PG15";
    }
  }
  return out;
}

// case -> reason it cannot run on MariaDB 10.11, from mariadb_apply_check.tsv (see the corpus
// README: flavors and versions upstream gates the case on, and files that do not load).
std::map<std::string, std::string> MariaDbProblems(const fs::path& tsv) {
  std::map<std::string, std::string> out;
  std::ifstream in(tsv);
  std::string line;
  std::getline(in, line);
  auto header = Split(line, '\t');
  auto column = [&](const std::string& name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name || header[i].starts_with(name + "(")) return static_cast<int>(i);
    return -1;
  };
  const int flavor = column("flavor"), max_version = column("max_version"),
            offline = column("offline"), current = column("current"), desired = column("desired");
  while (std::getline(in, line)) {
    auto f = Split(line, '\t');
    if (f.empty()) continue;
    auto at = [&](int i) { return i >= 0 && i < static_cast<int>(f.size()) ? f[i] : ""; };
    const std::string fl = at(flavor);
    if (!at(offline).empty())
      out[f[0]] = "offline case (TiDB syntax)";
    else if (fl == "tidb" || fl == "mysql" || fl == "!mariadb")
      out[f[0]] = "flavor " + fl + ": not for MariaDB";
    else if (!at(max_version).empty())
      out[f[0]] = "max_version " + at(max_version) + ": skipped on MariaDB upstream";
    else if (at(current) == "fail")
      out[f[0]] = "current.sql does not load on MariaDB 10.11";
    else if (at(desired) == "fail")
      out[f[0]] = "desired.sql does not load on MariaDB 10.11";
  }
  return out;
}

std::vector<Case> SuiteCases(const fs::path& root, const std::string& suite) {
  auto problems = suite == "sqldef-mysql" ? MariaDbProblems(root / "mariadb_apply_check.tsv")
                                          : Pg15Problems(root / "pg15_apply_check.tsv");
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    Case c;
    c.name = entry.path().filename().string();
    c.current_path = (entry.path() / "current.sql").string();
    c.desired_path = (entry.path() / "desired.sql").string();
    if (ExpectsError(ReadFile(entry.path() / "meta.json"))) {
      c.not_applicable = "expects an error";
    } else if (auto p = problems.find(c.name); p != problems.end()) {
      c.not_applicable = p->second;
    }
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

// Golden cases as files in `scratch`; error cases are not applicable.
// Golden cases, and the roles they name in a `roles` section (created on the server).
std::vector<Case> GoldenCases(const fs::path& dir, const fs::path& scratch,
                              std::vector<std::string>* roles) {
  std::vector<Case> cases;
  for (const auto& rel : golden::ListCaseFiles(dir.string())) {
    std::string error;
    auto file = golden::ParseCaseFile(ReadFile(dir / rel), &error);
    Case c;
    c.name = rel.substr(0, rel.size() - 5);
    c.golden = true;
    fs::path base = scratch / std::to_string(cases.size());
    fs::create_directories(base);
    c.current_path = (base / "current.sql").string();
    c.desired_path = (base / "desired.sql").string();
    if (!file) {
      c.not_applicable = "unreadable case: " + error;
    } else {
      std::ofstream(c.current_path) << file->Get("current.sql").value_or("");
      std::ofstream(c.desired_path) << file->Get("desired.sql").value_or("");
      if (file->Get("error")) c.not_applicable = "expects an error";
      c.args = file->Lines("args");
      // One phase of a plan does not reach the desired schema on its own.
      if (std::find(c.args.begin(), c.args.end(), "--phase") != c.args.end())
        c.not_applicable = "prints one phase";
      for (auto& role : file->Lines("roles")) roles->push_back(role);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// "suite/case" -> reason, for every line of the expected-failures file.
std::map<std::string, std::string> ReadExpected(const std::string& path) {
  std::map<std::string, std::string> out;
  std::istringstream in(ReadFile(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    out[line.substr(0, tab)] = tab == std::string::npos ? "" : line.substr(tab + 1);
  }
  return out;
}

// Replaces this suite's lines, grouped by reason, keeping comments and other suites' lines.
void WriteExpected(const std::string& path, const std::string& suite,
                   const std::vector<std::pair<std::string, std::string>>& failures) {
  std::string kept;
  std::istringstream in(ReadFile(path));
  std::string line;
  while (std::getline(in, line))
    if (!line.starts_with(suite + "/")) kept += line + "\n";
  auto sorted = failures;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second, a.first) < std::tie(b.second, b.first);
  });
  for (const auto& [name, reason] : sorted) kept += suite + "/" + name + "\t" + reason + "\n";
  std::ofstream(path, std::ios::binary) << kept;
}

int Main(const Options& o) {
  // MySQL suites run on the mysql fixture's MariaDB; golden cases under mysql/ are theirs.
  const bool mysql = o.suite == "sqldef-mysql" || o.suite == "golden-mysql";
  const std::string mysql_url = mysql ? testing::MySqlServerUrl() : "";
  Server server{mysql ? "" : testing::ServerConninfo()};
  if (mysql && mysql_url.empty()) {
    std::printf("SKIP: no throwaway MariaDB (run through ctest: fixture mysql_start)\n");
    return kSkip;
  }
  if (!mysql && server.conninfo.empty()) {
    std::printf("SKIP: no throwaway PostgreSQL (run through ctest: fixture pg_start)\n");
    return kSkip;
  }
  std::vector<Case> cases;
  fs::path scratch;
  if (o.suite == "golden" || o.suite == "golden-mysql") {
    char pattern[] = "/tmp/keel-golden-live-XXXXXX";
    if (mkdtemp(pattern) == nullptr) return 1;
    scratch = pattern;
    std::vector<std::string> roles;
    cases = GoldenCases(o.golden_dir, scratch, &roles);
    std::erase_if(cases, [&](const Case& c) { return c.name.starts_with("mysql/") != mysql; });
    if (!mysql) CreateRoles(server, roles);
  } else {
    fs::path root = fs::path(o.dir) / o.suite;
    if (!fs::exists(root / "suite.json")) {
      std::printf("SKIP: conformance suite %s not found at %s\n", o.suite.c_str(),
                  root.string().c_str());
      return kSkip;
    }
    cases = SuiteCases(root, o.suite);
    if (!mysql) {
      for (auto& c : cases) c.args = {"--privileges"};
      CreateRoles(server, JsonStrings(ReadFile(root / "suite.json"), "roles"));
    }
  }
  if (!o.filter.empty())
    std::erase_if(cases, [&](const Case& c) { return c.name.find(o.filter) == std::string::npos; });

  std::vector<Result> results(cases.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    if (mysql) {
      for (size_t i; (i = next++) < cases.size();) results[i] = RunMySqlCase(mysql_url, cases[i]);
      return;
    }
    Workspace workspace(server);
    for (size_t i; (i = next++) < cases.size();) results[i] = RunCase(workspace, cases[i]);
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::max(1, o.jobs); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (!scratch.empty()) fs::remove_all(scratch);

  auto expected = ReadExpected(o.expected);
  int passed = 0, expected_failures = 0, not_applicable = 0, unexpected = 0;
  int restored = 0, irreversible = 0, rollback_failed = 0;
  std::map<std::string, int> causes, na_reasons;
  std::vector<std::pair<std::string, std::string>> failures;
  std::vector<std::string> unexpected_passes;
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& r = results[i];
    const std::string key = o.suite + "/" + cases[i].name;
    const bool listed = expected.count(key) > 0;
    if (r.outcome == Outcome::kNotApplicable) {
      if (o.verbose)
        std::printf("N/A %s: %s | %s\n", key.c_str(), r.cause.c_str(), r.detail.c_str());
      ++not_applicable;
      ++na_reasons[r.cause];
      continue;
    }
    if (r.outcome == Outcome::kPass) {
      ++passed;
      if (listed) unexpected_passes.push_back(key);
      if (r.rollback == Result::Rollback::kRestored) ++restored;
      if (r.rollback == Result::Rollback::kIrreversible) ++irreversible;
      if (r.rollback == Result::Rollback::kFailed) {
        ++rollback_failed;
        if (o.verbose) std::printf("ROLLBACK %s: %s\n", key.c_str(), r.rollback_detail.c_str());
      }
      continue;
    }
    ++causes[r.cause];
    failures.emplace_back(cases[i].name, r.cause);
    if (listed) {
      ++expected_failures;
      if (o.verbose)
        std::printf("FAIL (expected) %s: %s | %s\n", key.c_str(), r.cause.c_str(),
                    r.detail.c_str());
    } else {
      ++unexpected;
      std::printf("UNEXPECTED FAILURE %s: %s | %s\n", key.c_str(), r.cause.c_str(),
                  r.detail.c_str());
    }
  }
  for (const auto& key : unexpected_passes)
    std::printf("unexpected pass (remove it from expected_failures.txt): %s\n", key.c_str());

  std::vector<std::pair<int, std::string>> by_count;
  for (const auto& [cause, n] : causes) by_count.emplace_back(-n, cause);
  std::sort(by_count.begin(), by_count.end());
  std::printf("\nfailure causes (%s):\n", o.suite.c_str());
  for (const auto& [n, cause] : by_count) std::printf("  %4d  %s\n", -n, cause.c_str());
  std::printf("not applicable:\n");
  for (const auto& [reason, n] : na_reasons) std::printf("  %4d  %s\n", n, reason.c_str());

  const int applicable = static_cast<int>(cases.size()) - not_applicable;
  std::printf(
      "\n%s: %d passed, %d expected failures, %d unexpected failures, %d not applicable, "
      "of %zu (%.1f%% of %d applicable cases pass)\n",
      o.suite.c_str(), passed, expected_failures, unexpected, not_applicable, cases.size(),
      applicable ? 100.0 * passed / applicable : 0.0, applicable);
  // Invariant 2 over the suite: of the converged cases whose plan can be undone, at least 95%
  // must come back to the original schema through the rollback script.
  const int reversible = restored + rollback_failed;
  const double restored_share = reversible ? 100.0 * restored / reversible : 100.0;
  std::printf(
      "%s rollback: %d of %d reversible converged cases restore the original schema "
      "(%.1f%%), %d irreversible\n",
      o.suite.c_str(), restored, reversible, restored_share, irreversible);
  if (restored_share < 95.0) {
    std::printf("rollback below 95%%: rerun with --verbose for the ROLLBACK lines\n");
    return 1;
  }
  if (o.update_expected) {
    WriteExpected(o.expected, o.suite, failures);
    std::printf("rewrote the %s lines of %s\n", o.suite.c_str(), o.expected.c_str());
    return 0;
  }
  return unexpected == 0 ? 0 : 1;
}

}  // namespace
}  // namespace keel::conformance

int main(int argc, char** argv) {
  keel::conformance::Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "keel_conformance: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--suite")
      o.suite = value();
    else if (a == "--dir")
      o.dir = value();
    else if (a == "--golden-dir")
      o.golden_dir = value();
    else if (a == "--expected")
      o.expected = value();
    else if (a == "--filter")
      o.filter = value();
    else if (a == "--jobs")
      o.jobs = std::atoi(value().c_str());
    else if (a == "--verbose")
      o.verbose = true;
    else if (a == "--update-expected")
      o.update_expected = true;
    else {
      std::fprintf(stderr, "keel_conformance: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (o.suite.empty() || o.expected.empty()) {
    std::fprintf(stderr,
                 "usage: keel_conformance --suite NAME (--dir DIR | --golden-dir DIR) "
                 "--expected FILE [--jobs N] [--filter S] [--verbose] "
                 "[--update-expected]\n");
    return 2;
  }
  return keel::conformance::Main(o);
}
