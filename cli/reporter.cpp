#include "cli/reporter.h"

#include <fmt/format.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>

namespace keel::cli {

std::string UtcNow(const char* format) {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, format, std::gmtime(&t));
  return buf;
}

std::string ReportPath(const std::string& dir, const std::string& command) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return dir + "/" + UtcNow("%Y%m%dT%H%M%SZ") + "-" + command + "-" + std::to_string(getpid()) +
         ".json";
}

Reporter::Reporter(const ParsedArgs& args, std::ostream& err, std::string command)
    : err_(err),
      quiet_(args.Has("quiet")),
      tty_(isatty(STDERR_FILENO)),
      report_dir_(args.Has("report-dir") ? args.Get("report-dir") : "keel-reports"),
      command_(std::move(command)) {
  if (args.Has("log")) log_.open(args.Get("log"), std::ios::app);
  report_ = {{"format", "keel.report/v1"},
             {"command", command_},
             {"started_at", UtcNow()},
             {"target", ""},
             {"plan", nullptr},
             {"checks", nlohmann::json::array()},
             {"steps", nlohmann::json::array()},
             {"fingerprint_before", ""},
             {"fingerprint_after", ""}};
}

void Reporter::SetPlan(long id, const std::string& hash) {
  plan_id_ = id;
  report_["plan"] = {{"id", id}, {"hash", hash}};
}

void Reporter::SetFingerprint(const char* when, const std::string& fingerprint) {
  report_[std::string("fingerprint_") + when] = fingerprint;
}

void Reporter::Line(const std::string& text) {
  EndProgress();
  if (!quiet_) err_ << UtcNow() << " " << text << "\n";
}

void Reporter::Log(nlohmann::json record) {
  if (!log_.is_open()) return;
  record["time"] = UtcNow();
  if (plan_id_) record["plan_id"] = plan_id_;
  log_ << record.dump() << "\n";
  log_.flush();
}

bool Reporter::Checks(const std::string& phase, const std::vector<apply::Check>& checks) {
  bool ok = true;
  for (const auto& c : checks) {
    ok = ok && c.ok;
    Line(fmt::format("{} {}: {} - {}", phase, c.name,
                     c.skipped ? "skipped" : (c.ok ? "ok" : "FAILED"), c.detail));
    nlohmann::json rec = {{"phase", phase},
                          {"check", c.name},
                          {"ok", c.ok},
                          {"skipped", c.skipped},
                          {"detail", c.detail}};
    report_["checks"].push_back(rec);
    rec["event"] = phase;
    Log(rec);
  }
  return ok;
}

void Reporter::operator()(const apply::Event& e) {
  const auto& s = *e.step;
  const std::string where =
      total_ ? fmt::format("step {}/{}", s.id, total_) : fmt::format("step {}", s.id);
  nlohmann::json rec = {{"event", e.kind}, {"step", s.id}, {"description", s.description}};
  auto outcome = [&](const std::string& status) {
    report_["steps"].push_back({{"id", s.id},
                                {"description", s.description},
                                {"outcome", status},
                                {"seconds", e.seconds},
                                {"detail", e.message}});
  };
  if (e.kind == "step_start") {
    rec["sql"] = s.sql;
    rec["attempt"] = e.attempt;
    Line(fmt::format("{} {}{}", where, s.description,
                     e.message.empty() ? "" : " (" + e.message + ")"));
  } else if (e.kind == "step_done") {
    rec["seconds"] = e.seconds;
    outcome("done");
    Line(fmt::format("{} done in {:.2f} s: {}", where, e.seconds, s.description));
  } else if (e.kind == "step_failed") {
    rec["seconds"] = e.seconds;
    rec["error"] = e.message;
    outcome("failed");
    Line(fmt::format("{} FAILED: {}", where, e.message));
  } else if (e.kind == "step_skipped") {
    rec["reason"] = e.message;
    outcome("not run");
    Line(fmt::format("{} not run: {}", where, e.message));
  } else if (e.kind == "retry") {
    rec["attempt"] = e.attempt;
    rec["error"] = e.message;
    Line(fmt::format("{} attempt {} failed, retrying: {}", where, e.attempt, e.message));
  } else if (e.kind == "reconciled") {
    rec["reason"] = e.message;
    Line(fmt::format("{} {}", where, e.message));
  } else if (e.kind == "index_progress") {
    rec["progress"] = e.message;
    rec["seconds"] = e.seconds;
    Progress(fmt::format("{} building index: {}, {:.0f} s", where, e.message, e.seconds),
             static_cast<long>(e.seconds));
  } else if (e.kind == "batch") {
    rec["batches"] = e.batches;
    rec["rows"] = e.rows;
    rec["seconds"] = e.seconds;
    std::string text = fmt::format("{} backfill: {} batches, {} rows, {:.1f} s", where, e.batches,
                                   e.rows, e.seconds);
    if (e.message == "done") {
      Line(text + " (finished)");
    } else {
      Progress(text, e.batches);
    }
  }
  Log(rec);
}

int Reporter::Finish(int exit_code) {
  EndProgress();
  if (report_dir_.empty()) return exit_code;
  report_["finished_at"] = UtcNow();
  report_["exit_code"] = exit_code;
  std::string path = ReportPath(report_dir_, command_);
  std::ofstream out(path, std::ios::binary);
  out << report_.dump(2) << "\n";
  if (!out) {
    if (!quiet_) err_ << "keel: cannot write the report " << path << "\n";
  } else if (!quiet_) {
    err_ << UtcNow() << " report written to " << path << "\n";
  }
  return exit_code;
}

void Reporter::Progress(const std::string& text, long n) {
  if (quiet_) return;
  if (tty_) {
    err_ << "\r" << text << "\x1b[K" << std::flush;
    progress_open_ = true;
  } else if (n % 100 == 1) {
    err_ << UtcNow() << " " << text << "\n";
  }
}

void Reporter::EndProgress() {
  if (progress_open_) err_ << "\n";
  progress_open_ = false;
}

}  // namespace keel::cli
