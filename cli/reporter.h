// What apply, rollback, preflight and postflight tell: timestamped lines on stderr (a backfill's
// progress rewritten in place on a terminal), an audit log of JSON lines (--log FILE), and one
// JSON report per run (--report-dir, default ./keel-reports/; format keel.report/v1,
// docs/report.schema.json).
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "apply/checks.h"
#include "apply/runner.h"
#include "cli/options.h"

namespace keel::cli {

std::string UtcNow(const char* format = "%Y-%m-%dT%H:%M:%SZ");
/// Where a run's report goes: DIR/<UTC time>-<command>-<pid>.json (DIR is created).
std::string ReportPath(const std::string& dir, const std::string& command);

class Reporter {
 public:
  Reporter(const ParsedArgs& args, std::ostream& err, std::string command);
  /// False when --log names a file that cannot be written.
  bool log_ok() const { return !log_.is_open() || log_.good(); }

  void SetTotal(int steps) { total_ = steps; }
  /// Progress as lines even on a terminal (several targets share it).
  void SetPlainProgress() { tty_ = false; }
  void SetTarget(const std::string& label) { report_["target"] = label; }
  void SetPlan(long id, const std::string& hash);
  void SetFingerprint(const char* when, const std::string& fingerprint);

  void Line(const std::string& text);
  void Log(nlohmann::json record);
  /// Prints, logs and records checks; true when none failed.
  bool Checks(const std::string& phase, const std::vector<apply::Check>& checks);
  void operator()(const apply::Event& e);

  /// Writes the report (unless --report-dir is empty) and returns `exit_code`.
  int Finish(int exit_code);

 private:
  void Progress(const std::string& text, long n);
  void EndProgress();

  std::ostream& err_;
  bool quiet_;
  bool tty_;
  int total_ = 0;
  bool progress_open_ = false;
  long plan_id_ = 0;
  std::ofstream log_;
  std::string report_dir_;
  std::string command_;
  nlohmann::json report_;
};

}  // namespace keel::cli
