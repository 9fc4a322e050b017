// keel fleet plan, apply and status: the same desired files planned for every target (targets
// drift apart, so each gets its own plan, grouped when they are the same), applied canaries
// first and then with bounded concurrency, each target through keel apply's own path: its
// journal, advisory lock, fingerprint check and resume.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "apply/journal.h"
#include "apply/saved_plan.h"
#include "cli/apply_mysql.h"
#include "cli/exit_codes.h"
#include "cli/fleet.h"
#include "cli/planning.h"
#include "cli/reporter.h"
#include "cli/sources.h"
#include "emit/emit.h"
#include "introspect/mysql/connection.h"
#include "introspect/postgres/introspect.h"
#include "model/hash.h"

namespace keel::cli {
namespace {

namespace fs = std::filesystem;
namespace pg = introspect::postgres;
using nlohmann::json;

// What one target prints, each line prefixed with its name and written whole, so targets
// running side by side do not cut into each other's lines. Keeps the first error line.
class TargetStream : public std::streambuf {
 public:
  TargetStream(std::ostream& sink, std::mutex& mu, const std::string& name)
      : sink_(sink), mu_(mu), prefix_("[" + name + "] ") {}
  ~TargetStream() override {
    if (!line_.empty()) Put('\n');
  }
  const std::string& error() const { return error_; }

 protected:
  int overflow(int c) override {
    if (c != EOF) Put(static_cast<char>(c));
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) Put(s[i]);
    return n;
  }

 private:
  void Put(char c) {
    line_ += c;
    if (c != '\n') return;
    if (error_.empty() && line_.rfind("keel", 0) == 0) error_ = line_.substr(0, line_.size() - 1);
    std::lock_guard<std::mutex> lock(mu_);
    sink_ << prefix_ << line_ << std::flush;
    line_.clear();
  }

  std::ostream& sink_;
  std::mutex& mu_;
  std::string prefix_;
  std::string line_;
  std::string error_;
};

// Runs work(i) for i in [0, n) on up to `parallel` threads, in order of i; stops handing out
// new items once stop() holds.
void RunPool(size_t n, int parallel, const std::function<void(size_t)>& work,
             const std::function<bool()>& stop) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (;;) {
      if (stop()) return;
      size_t i = next++;
      if (i >= n) return;
      work(i);
    }
  };
  std::vector<std::thread> threads;
  int count = std::max(1, std::min<int>(parallel, static_cast<int>(n)));
  for (int t = 1; t < count; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
}

int ParallelOption(const ParsedArgs& args, int* parallel, std::ostream& err) {
  if (!args.Has("parallel")) return kExitOk;
  auto n = ParseCount(args.Get("parallel"));
  if (!n || *n > 256) {
    err << "keel " << args.command << ": --parallel: '" << args.Get("parallel")
        << "' is not a number from 1 to 256\n";
    return kExitUsage;
  }
  *parallel = *n;
  return kExitOk;
}

// The control database: where --targets-from-query runs, and the database of a target the
// query lists without a URL.
std::string ControlDatabase(const ParsedArgs& args) {
  return args.Has("control-db") ? args.Get("control-db") : TargetDatabase(args);
}

int TargetsFromQuery(const ParsedArgs& args, std::vector<FleetTarget>* targets, std::ostream& err) {
  const std::string control = ControlDatabase(args);
  try {
    auto conn = pg::Connect(control);
    pqxx::read_transaction tx(*conn);
    pqxx::result rows = tx.exec(args.Get("targets-from-query"));
    auto column = [&](const char* name) -> int {
      for (pqxx::row::size_type c = 0; c < rows.columns(); ++c)
        if (std::string(rows.column_name(c)) == name) return static_cast<int>(c);
      return -1;
    };
    const int name = column("name"), url = column("url"), url_env = column("url_env"),
              in_schema = column("in_schema"), canary = column("canary");
    if (name < 0) {
      err << "keel " << args.command
          << ": --targets-from-query: the query returns no column 'name' (columns: name, and "
             "optionally url, url_env, in_schema, canary)\n";
      return kExitUsage;
    }
    int n = 0;
    for (const auto& row : rows) {
      ++n;
      auto text = [&](int c) { return c < 0 || row[c].is_null() ? "" : row[c].as<std::string>(); };
      FleetTarget t;
      t.name = text(name);
      t.url = text(url);
      t.url_env = text(url_env);
      t.in_schema = text(in_schema);
      t.canary = canary >= 0 && !row[canary].is_null() && row[canary].as<bool>();
      t.control = t.url.empty() && t.url_env.empty();
      t.where = fmt::format("--targets-from-query row {}", n);
      targets->push_back(std::move(t));
    }
  } catch (const pg::ConnectError& e) {
    err << "keel " << args.command << ": control database: " << e.message << "\n";
    return kExitConnect;
  } catch (const std::exception& e) {
    err << "keel " << args.command << ": --targets-from-query on " << pg::RedactUrl(control) << ": "
        << e.what() << "\n";
    return kExitUsage;
  }
  if (targets->empty()) {
    err << "keel " << args.command << ": --targets-from-query returned no targets\n";
    return kExitUsage;
  }
  return kExitOk;
}

int LoadTargets(const ParsedArgs& args, std::vector<FleetTarget>* targets, std::ostream& err) {
  if (args.Has("targets") == args.Has("targets-from-query")) {
    err << "keel " << args.command
        << ": give the targets with either --targets FILE or --targets-from-query SQL\n";
    return kExitUsage;
  }
  std::string error;
  if (args.Has("targets")) {
    error = LoadTargetsFile(args.Get("targets"), targets);
  } else {
    if (int rc = TargetsFromQuery(args, targets, err)) return rc;
    error = CheckTargets(*targets);
  }
  if (!error.empty()) {
    err << "keel " << args.command << ": " << error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

// Every target's URL, resolved before anything runs: an unset variable is a mistake in the
// setup, not a failure of one target.
int ResolveUrls(const ParsedArgs& args, const std::vector<FleetTarget>& targets,
                std::vector<std::string>* urls, std::ostream& err) {
  for (const auto& t : targets) {
    if (t.control) {
      // A saved fleet plan does not keep the control database's URL (it may hold a password).
      if (!args.Has("control-db") && std::getenv("DATABASE_URL") == nullptr) {
        err << "keel " << args.command << ": target " << t.name
            << " is in the control database: give it with --control-db URL (or $DATABASE_URL)\n";
        return kExitUsage;
      }
      urls->push_back(ControlDatabase(args));
      continue;
    }
    auto url = TargetUrl(t);
    if (!url) {
      err << "keel " << args.command << ": target " << t.name << ": environment variable "
          << t.url_env << " is not set\n";
      return kExitUsage;
    }
    urls->push_back(*url);
  }
  return kExitOk;
}

// The arguments keel apply or plan would get for one target.
ParsedArgs TargetArgs(const ParsedArgs& fleet, const FleetTarget& t, const std::string& url) {
  ParsedArgs a = fleet;
  a.positional.clear();
  a.options["db"] = {url};
  if (!t.in_schema.empty()) a.options["in-schema"] = {t.in_schema};
  return a;
}

json TargetJson(const FleetTarget& t) {
  json j = {{"name", t.name}, {"canary", t.canary}};
  if (!t.url.empty()) j["url"] = t.url;
  if (!t.url_env.empty()) j["url_env"] = t.url_env;
  if (t.control) j["control_db"] = true;
  if (!t.in_schema.empty()) j["in_schema"] = t.in_schema;
  return j;
}

FleetTarget TargetFromJson(const json& j) {
  FleetTarget t;
  t.name = j.value("name", "");
  t.url = j.value("url", "");
  t.url_env = j.value("url_env", "");
  t.control = j.value("control_db", false);
  t.in_schema = j.value("in_schema", "");
  t.canary = j.value("canary", false);
  return t;
}

// One target's plan.
struct TargetPlan {
  FleetTarget target;
  std::string label;  // the database, password redacted
  int code = kExitOk;
  std::string error;
  json plan;            // keel.plan/v1, null when planning failed
  std::string text;     // what apply parses and the journal hashes: plan.dump(2)
  std::string hash;     // "fnv1a64:…" of text
  planner::Plan steps;  // parsed back, for groups and differences
  std::string group;    // "A", "B", …; "" when up to date or failed
};

void SetPlan(TargetPlan* tp, json plan) {
  tp->plan = std::move(plan);
  tp->text = tp->plan.dump(2);
  tp->hash = "fnv1a64:" + model::Fnv1a64Hex(tp->text);
  std::string error;
  if (auto saved = apply::ParsePlan(tp->text, &error)) {
    tp->steps = std::move(saved->plan);
  } else {
    tp->code = kExitInput;
    tp->error = "the plan of target " + tp->target.name + " is not a keel plan: " + error;
    tp->plan = nullptr;
  }
}

struct FleetPlan {
  std::string desired;  // the desired sources, as given
  std::vector<TargetPlan> targets;
  // Groups of targets whose plans run the same SQL, largest first: indexes into targets.
  std::vector<std::vector<size_t>> groups;
};

void GroupPlans(FleetPlan* fp) {
  std::map<std::string, std::vector<size_t>> by_key;
  std::vector<std::string> order;
  for (size_t i = 0; i < fp->targets.size(); ++i) {
    const auto& tp = fp->targets[i];
    if (tp.code != kExitOk || tp.steps.empty()) continue;
    std::string key = PlanGroupKey(tp.steps);
    if (!by_key.count(key)) order.push_back(key);
    by_key[key].push_back(i);
  }
  fp->groups.clear();
  for (const auto& key : order) fp->groups.push_back(by_key[key]);
  // Largest first; equal sizes keep the order of their first target.
  std::stable_sort(fp->groups.begin(), fp->groups.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (size_t g = 0; g < fp->groups.size(); ++g)
    for (size_t i : fp->groups[g])
      fp->targets[i].group =
          g < 26 ? std::string(1, static_cast<char>('A' + g)) : "G" + std::to_string(g + 1);
}

std::string Names(const FleetPlan& fp, const std::vector<size_t>& members) {
  std::string names;
  for (size_t i : members) names += (names.empty() ? "" : ", ") + fp.targets[i].target.name;
  return names;
}

// A table row without the blanks a last empty column leaves.
std::string Row(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text + "\n";
}

std::string Targets(size_t n) { return fmt::format("{} target{}", n, n == 1 ? "" : "s"); }

std::string RenderText(const FleetPlan& fp, bool color) {
  size_t up_to_date = 0, failed = 0;
  for (const auto& tp : fp.targets) {
    failed += tp.code != kExitOk;
    up_to_date += tp.code == kExitOk && tp.steps.empty();
  }
  std::string out = fmt::format("Fleet plan for {} from {}: {} plan{}, {} up to date, {} failed\n",
                                Targets(fp.targets.size()), fp.desired, fp.groups.size(),
                                fp.groups.size() == 1 ? "" : "s", up_to_date, failed);
  for (size_t g = 0; g < fp.groups.size(); ++g) {
    const auto& members = fp.groups[g];
    const TargetPlan& first = fp.targets[members[0]];
    out +=
        fmt::format("\nPlan {}: {} ({}), {} steps, risk {}\n", first.group, Targets(members.size()),
                    Names(fp, members), first.steps.steps.size(), first.steps.risk());
    if (g > 0) {
      const TargetPlan& base = fp.targets[fp.groups[0][0]];
      out += fmt::format("Differs from plan {} (the targets drifted apart):\n", base.group);
      for (const auto& line : PlanDifference(base.steps, first.steps)) out += "  " + line + "\n";
    }
    emit::EmitOptions options;
    options.color = color;
    options.from_label = first.label;
    options.to_label = fp.desired;
    out += emit::Text(first.steps, options);
  }
  std::vector<size_t> current;
  for (size_t i = 0; i < fp.targets.size(); ++i)
    if (fp.targets[i].code == kExitOk && fp.targets[i].steps.empty()) current.push_back(i);
  if (!current.empty())
    out += fmt::format("\nUp to date: {} ({})\n", Targets(current.size()), Names(fp, current));
  for (const auto& tp : fp.targets)
    if (tp.code != kExitOk)
      out += fmt::format("\nFailed to plan {} (exit {}): {}\n", tp.target.name, tp.code, tp.error);
  return out;
}

json ToJson(const FleetPlan& fp) {
  json targets = json::array();
  for (const auto& tp : fp.targets) {
    json t = TargetJson(tp.target);
    t["database"] = tp.label;
    if (tp.code != kExitOk) {
      t["status"] = "failed";
      t["exit_code"] = tp.code;
      t["error"] = tp.error;
    } else {
      t["status"] = tp.steps.empty() ? "up_to_date" : "planned";
      t["group"] = tp.group.empty() ? json(nullptr) : json(tp.group);
      t["plan_hash"] = tp.hash;
      t["plan"] = tp.plan;
    }
    targets.push_back(std::move(t));
  }
  json groups = json::array();
  for (size_t g = 0; g < fp.groups.size(); ++g) {
    const auto& members = fp.groups[g];
    const TargetPlan& first = fp.targets[members[0]];
    json names = json::array();
    for (size_t i : members) names.push_back(fp.targets[i].target.name);
    json group = {{"id", first.group},
                  {"key", PlanGroupKey(first.steps)},
                  {"targets", names},
                  {"steps", first.steps.steps.size()},
                  {"risk", first.steps.risk()}};
    if (g > 0) {
      const TargetPlan& base = fp.targets[fp.groups[0][0]];
      group["differs_from"] = base.group;
      group["difference"] = PlanDifference(base.steps, first.steps);
    }
    groups.push_back(std::move(group));
  }
  return {{"format", "keel.fleet-plan/v1"},
          {"desired", fp.desired},
          {"groups", groups},
          {"targets", targets}};
}

// Plans every target, `parallel` at a time.
int PlanFleet(const ParsedArgs& args, const std::vector<FleetTarget>& targets, FleetPlan* fp,
              std::ostream& err) {
  std::vector<std::string> urls;
  if (int rc = ResolveUrls(args, targets, &urls, err)) return rc;
  int parallel = 4;
  if (int rc = ParallelOption(args, &parallel, err)) return rc;
  const auto schemas = args.GetAll("schema");
  for (const auto& s : schemas) fp->desired += (fp->desired.empty() ? "" : " ") + s;
  fp->targets.resize(targets.size());
  std::mutex mu;
  RunPool(
      targets.size(), parallel,
      [&](size_t i) {
        TargetPlan& tp = fp->targets[i];
        tp.target = targets[i];
        tp.label = RedactDatabase(urls[i]);
        TargetStream buf(err, mu, targets[i].name);
        std::ostream out(&buf);
        ParsedArgs a = TargetArgs(args, targets[i], urls[i]);
        a.options["quiet"] = {""};  // warnings about the files would repeat once per target
        Prepared prepared;
        try {
          tp.code = Prepare(a, {urls[i]}, schemas, &prepared, out);
        } catch (const std::exception& e) {
          out << "keel: " << e.what() << "\n";
          tp.code = kExitInput;
        }
        out.flush();
        if (tp.code != kExitOk) {
          tp.error = buf.error();
          return;
        }
        MakeSaveable(prepared);
        emit::EmitOptions options;
        options.from_label = tp.label;
        options.to_label = fp->desired;
        SetPlan(&tp, json::parse(emit::Json(prepared.result.plan, options)));
      },
      [] { return false; });
  GroupPlans(fp);
  return kExitOk;
}

int ReadFleetPlan(const std::string& path, FleetPlan* fp, std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "keel fleet apply: cannot read " << path << "\n";
    return kExitUsage;
  }
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    err << "keel fleet apply: " << path << " is not JSON: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!doc.is_object() || doc.value("format", "") != "keel.fleet-plan/v1" ||
      !doc.contains("targets") || !doc["targets"].is_array()) {
    err << "keel fleet apply: " << path
        << " is not a fleet plan (format keel.fleet-plan/v1; write one with keel fleet plan "
           "--out FILE)\n";
    return kExitUsage;
  }
  fp->desired = doc.value("desired", "");
  std::vector<FleetTarget> targets;
  for (const auto& t : doc["targets"]) {
    if (!t.is_object()) {
      err << "keel fleet apply: " << path << ": a target is not an object\n";
      return kExitUsage;
    }
    TargetPlan tp;
    tp.target = TargetFromJson(t);
    targets.push_back(tp.target);
    if (t.value("status", "") == "failed") {
      tp.code = t.value("exit_code", static_cast<int>(kExitInput));
      tp.error = "was not planned: " + t.value("error", std::string());
    } else if (t.contains("plan") && t["plan"].is_object()) {
      SetPlan(&tp, t["plan"]);
    } else {
      err << "keel fleet apply: " << path << ": target " << tp.target.name << " has no plan\n";
      return kExitUsage;
    }
    fp->targets.push_back(std::move(tp));
  }
  if (std::string error = CheckTargets(targets); !error.empty()) {
    err << "keel fleet apply: " << path << ": " << error << "\n";
    return kExitUsage;
  }
  GroupPlans(fp);
  return kExitOk;
}

int TextOrJson(const ParsedArgs& args, std::string* format, std::ostream& err) {
  *format = args.Get("format", "text");
  if (*format == "text" || *format == "json") return kExitOk;
  err << "keel " << args.command
      << ": --format: " << UnknownChoice("format", *format, {"text", "json"}) << "\n";
  return kExitUsage;
}

int WriteFile(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) {
    err << "keel: cannot write " << path << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

int FleetPlanCommand(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (args.GetAll("schema").empty()) {
    err << "keel fleet plan: --schema is required (a file, directory or git:REV:path)\n";
    return kExitUsage;
  }
  std::string format;
  if (int rc = TextOrJson(args, &format, err)) return rc;
  std::vector<FleetTarget> targets;
  if (int rc = LoadTargets(args, &targets, err)) return rc;
  FleetPlan fp;
  if (int rc = PlanFleet(args, targets, &fp, err)) return rc;
  const json doc = ToJson(fp);
  if (args.Has("out"))
    if (int rc = WriteFile(args.Get("out"), doc.dump(2) + "\n", err)) return rc;
  out << (format == "json" ? doc.dump(2) + "\n" : RenderText(fp, UseColor(args)));
  std::vector<int> codes;
  bool changes = false;
  for (const auto& tp : fp.targets) {
    codes.push_back(tp.code);
    changes = changes || (tp.code == kExitOk && !tp.steps.empty());
  }
  if (int worst = WorstExitCode(codes)) return worst;
  return args.Has("exit-code") && changes ? kExitChanges : kExitOk;
}

// One target's apply, as the fleet records it.
struct TargetRun {
  std::string phase;    // canary or rest
  std::string outcome;  // applied, up_to_date, dry_run, failed, skipped, not_planned
  int code = kExitOk;
  double seconds = 0;
  std::string error;
};

TargetRun RunTarget(const ParsedArgs& args, const TargetPlan& tp, const std::string& url,
                    std::mutex& mu, std::ostream& err) {
  TargetRun run;
  const std::string& name = tp.target.name;
  ParsedArgs a = TargetArgs(args, tp.target, url);
  a.options["yes"] = {""};
  a.options["backup-dir"] = {(fs::path(args.Get("backup-dir", "backups")) / name).string()};
  // --report-dir '' means no reports, for the targets too.
  const std::string reports = args.Get("report-dir", "keel-reports");
  a.options["report-dir"] = {reports.empty() ? "" : (fs::path(reports) / name).string()};
  if (args.Has("log-dir"))
    a.options["log"] = {(fs::path(args.Get("log-dir")) / (name + ".jsonl")).string()};
  auto start = std::chrono::steady_clock::now();
  {
    TargetStream buf(err, mu, name);
    std::ostream out(&buf);
    Reporter report(a, out, "apply");
    report.SetPlainProgress();
    try {
      run.code = report.Finish(ApplySaved(a, tp.text, report, out));
    } catch (const std::exception& e) {
      out << "keel apply: " << e.what() << "\n";
      run.code = kExitStepFailed;
    }
    out.flush();
    run.error = buf.error();
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (run.code != kExitOk)
    run.outcome = "failed";
  else if (args.Has("dry-run"))
    run.outcome = "dry_run";
  else
    run.outcome = tp.steps.empty() ? "up_to_date" : "applied";
  if (run.code == kExitOk) run.error.clear();
  return run;
}

std::string SummaryText(const FleetPlan& fp, const std::vector<TargetRun>& runs, int exit_code,
                        const std::string& stopped) {
  size_t width = 6;
  for (const auto& tp : fp.targets) width = std::max(width, tp.target.name.size());
  std::string out =
      "\n" + Row(fmt::format("{:<{}}  {:<6}  {:<11}  {:>5}  {:>8}  {}", "target", width, "phase",
                             "outcome", "steps", "seconds", "detail"));
  std::map<std::string, int> counts;
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    const auto& tp = fp.targets[i];
    ++counts[r.outcome];
    out += Row(fmt::format("{:<{}}  {:<6}  {:<11}  {:>5}  {:>8.1f}  {}", tp.target.name, width,
                           r.phase, r.outcome, tp.steps.steps.size(), r.seconds, r.error));
  }
  std::string tally;
  for (const char* o : {"applied", "up_to_date", "dry_run", "failed", "skipped", "not_planned"})
    if (counts[o]) tally += fmt::format("{}{} {}", tally.empty() ? "" : ", ", counts[o], o);
  out += fmt::format("Fleet: {}; exit {}\n", tally, exit_code);
  if (!stopped.empty()) out += "Stopped: " + stopped + "\n";
  return out;
}

bool ConfirmFleet(const FleetPlan& fp, std::ostream& err) {
  err << RenderText(fp, false);
  size_t changing = 0;
  for (const auto& tp : fp.targets) changing += tp.code == kExitOk && !tp.steps.empty();
  err << "\nApply to " << Targets(changing) << "? Type 'yes' to go on: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

int FleetApplyCommand(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  const bool from_file = !args.positional.empty();
  if (args.positional.size() > 1 || from_file == args.Has("schema")) {
    err << "keel fleet apply: give either a fleet plan (keel fleet apply FLEET.json) or --schema "
           "SRC with the targets\n";
    return kExitUsage;
  }
  if (from_file && (args.Has("targets") || args.Has("targets-from-query"))) {
    err << "keel fleet apply: a fleet plan names its targets; --targets and "
           "--targets-from-query go with --schema\n";
    return kExitUsage;
  }
  std::string format;
  if (int rc = TextOrJson(args, &format, err)) return rc;
  int budget = 0;
  if (args.Has("failure-budget")) {
    auto n = ParseCount(args.Get("failure-budget"));
    if (!n && args.Get("failure-budget") != "0") {
      err << "keel fleet apply: --failure-budget: '" << args.Get("failure-budget")
          << "' is not a number\n";
      return kExitUsage;
    }
    budget = n ? *n : 0;
  }
  int parallel = 4;
  if (int rc = ParallelOption(args, &parallel, err)) return rc;
  const bool dry_run = args.Has("dry-run");
  if (!dry_run && !args.Has("yes") && !isatty(STDIN_FILENO)) {
    err << "keel fleet apply: stdin is not a terminal; pass --yes to apply without "
           "confirmation\n";
    return kExitUsage;
  }

  FleetPlan fp;
  std::string plan_path = args.positional.empty() ? "" : args.positional[0];
  if (from_file) {
    if (int rc = ReadFleetPlan(plan_path, &fp, err)) return rc;
  } else {
    // Planned now, and saved first: a killed fleet apply resumes from this file.
    std::vector<FleetTarget> targets;
    if (int rc = LoadTargets(args, &targets, err)) return rc;
    if (int rc = PlanFleet(args, targets, &fp, err)) return rc;
    plan_path = args.Get("out", "keel-fleet-plan.json");
    if (int rc = WriteFile(plan_path, ToJson(fp).dump(2) + "\n", err)) return rc;
    err << "keel fleet apply: fleet plan saved to " << plan_path
        << "; after an interruption, resume with: keel fleet apply " << plan_path << " --yes\n";
  }
  std::vector<FleetTarget> targets;
  for (const auto& tp : fp.targets) targets.push_back(tp.target);
  std::vector<std::string> urls;
  if (int rc = ResolveUrls(args, targets, &urls, err)) return rc;
  std::string error;
  std::vector<size_t> canaries = PickCanaries(targets, args.Get("canaries"), &error);
  if (!error.empty()) {
    err << "keel fleet apply: " << error << "\n";
    return kExitUsage;
  }
  if (!dry_run && !args.Has("yes") && !ConfirmFleet(fp, err)) {
    err << "keel fleet apply: not confirmed; nothing changed\n";
    return kExitOk;
  }

  if (args.Has("log-dir")) {
    std::error_code ec;
    fs::create_directories(args.Get("log-dir"), ec);
  }
  const std::string started = UtcNow();
  std::vector<TargetRun> runs(fp.targets.size());
  std::vector<bool> is_canary(fp.targets.size(), false);
  for (size_t i : canaries) is_canary[i] = true;
  for (size_t i = 0; i < runs.size(); ++i) {
    runs[i].phase = is_canary[i] ? "canary" : "rest";
    runs[i].outcome = "skipped";
    if (fp.targets[i].code != kExitOk) {
      runs[i].outcome = "not_planned";
      runs[i].code = fp.targets[i].code;
      runs[i].error = fp.targets[i].error;
    }
  }
  std::mutex mu;
  std::string stopped;
  // Canaries one at a time, in list order: the first failure stops the fleet.
  for (size_t i : canaries) {
    if (fp.targets[i].code != kExitOk) continue;
    runs[i] = RunTarget(args, fp.targets[i], urls[i], mu, err);
    runs[i].phase = "canary";
    if (runs[i].code != kExitOk) {
      stopped = "canary " + fp.targets[i].target.name + " failed; no other target was started";
      break;
    }
  }
  if (stopped.empty()) {
    std::vector<size_t> rest;
    for (size_t i = 0; i < fp.targets.size(); ++i)
      if (!is_canary[i] && fp.targets[i].code == kExitOk) rest.push_back(i);
    std::atomic<int> failures{0};
    RunPool(
        rest.size(), parallel,
        [&](size_t k) {
          size_t i = rest[k];
          runs[i] = RunTarget(args, fp.targets[i], urls[i], mu, err);
          runs[i].phase = "rest";
          if (runs[i].code != kExitOk) ++failures;
        },
        [&] { return failures > budget; });
    if (failures > budget)
      stopped = fmt::format(
          "{} target{} failed, over the failure budget of {}; targets not yet "
          "started were skipped",
          failures.load(), failures == 1 ? "" : "s", budget);
  }

  std::vector<int> codes;
  for (const auto& r : runs) codes.push_back(r.code);
  const int exit_code = WorstExitCode(codes);
  json report_targets = json::array();
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    const auto& tp = fp.targets[i];
    json t = TargetJson(tp.target);
    t["database"] = tp.label.empty() ? RedactDatabase(urls[i]) : tp.label;
    t["phase"] = r.phase;
    t["outcome"] = r.outcome;
    t["exit_code"] = r.code;
    t["seconds"] = std::round(r.seconds * 1000) / 1000;
    t["steps"] = tp.steps.steps.size();
    t["plan_hash"] = tp.hash.empty() ? json(nullptr) : json(tp.hash);
    t["error"] = r.error;
    report_targets.push_back(std::move(t));
  }
  json report = {{"format", "keel.fleet-report/v1"},
                 {"command", dry_run ? "fleet apply --dry-run" : "fleet apply"},
                 {"fleet_plan", plan_path},
                 {"started_at", started},
                 {"finished_at", UtcNow()},
                 {"parallel", parallel},
                 {"failure_budget", budget},
                 {"stopped", stopped.empty() ? json(nullptr) : json(stopped)},
                 {"targets", report_targets},
                 {"exit_code", exit_code}};
  const std::string report_dir = args.Get("report-dir", "keel-reports");
  if (!report_dir.empty()) {
    std::string path = ReportPath(report_dir, "fleet-apply");
    if (WriteFile(path, report.dump(2) + "\n", err) == kExitOk && !args.Has("quiet"))
      err << "keel fleet apply: report written to " << path << "\n";
  }
  out << (format == "json" ? report.dump(2) + "\n" : SummaryText(fp, runs, exit_code, stopped));
  return exit_code;
}

int FleetStatusCommand(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  std::string format;
  if (int rc = TextOrJson(args, &format, err)) return rc;
  FleetPlan fp;
  std::vector<FleetTarget> targets;
  if (!args.positional.empty()) {
    if (args.positional.size() > 1 || args.Has("targets") || args.Has("targets-from-query")) {
      err << "keel fleet status: give either a fleet plan or the targets, not both\n";
      return kExitUsage;
    }
    if (int rc = ReadFleetPlan(args.positional[0], &fp, err)) return rc;
    for (const auto& tp : fp.targets) targets.push_back(tp.target);
  } else {
    if (int rc = LoadTargets(args, &targets, err)) return rc;
  }
  std::vector<std::string> urls;
  if (int rc = ResolveUrls(args, targets, &urls, err)) return rc;
  int parallel = 4;
  if (int rc = ParallelOption(args, &parallel, err)) return rc;

  struct TargetStatus {
    int code = kExitOk;
    json j;
  };
  std::vector<TargetStatus> rows(targets.size());
  RunPool(
      targets.size(), parallel,
      [&](size_t i) {
        const FleetTarget& t = targets[i];
        json j = TargetJson(t);
        j["database"] = RedactDatabase(urls[i]);
        try {
          TargetJournal target_journal(urls[i], t.in_schema);
          apply::JournalStore& journal = *target_journal;
          const std::string fleet_hash = fp.targets.empty() ? "" : fp.targets[i].hash;
          j["state"] = "never applied";
          const bool has_journal = journal.Exists();
          if (has_journal) {
            j["applying_now"] = journal.Holder();
            auto plans = journal.Plans(1);
            if (!plans.empty()) {
              const auto& p = plans[0];
              auto steps = journal.Steps(p.id);
              int done = 0;
              for (const auto& [id, s] : steps) done += s.status == "done" || s.status == "undone";
              j["last_plan"] = {
                  {"id", p.id},         {"hash", p.hash},        {"status", p.status},
                  {"steps_done", done}, {"steps", steps.size()}, {"finished_at", p.finished_at}};
              j["state"] = p.status;
            }
          }
          if (!fleet_hash.empty()) {
            const bool empty = fp.targets[i].code == kExitOk && fp.targets[i].steps.empty();
            bool applied = empty;
            if (!applied && has_journal) applied = journal.Applied(fleet_hash).has_value();
            j["fleet_plan"] = fp.targets[i].code != kExitOk ? "not planned"
                              : applied                     ? (empty ? "up to date" : "applied")
                              : has_journal && journal.Unfinished(fleet_hash) ? "unfinished"
                                                                              : "pending";
          }
        } catch (const pg::ConnectError& e) {
          rows[i].code = kExitConnect;
          j["state"] = "unreachable";
          j["error"] = e.message;
        } catch (const introspect::mysql::ConnectError& e) {
          rows[i].code = kExitConnect;
          j["state"] = "unreachable";
          j["error"] = e.message;
        } catch (const std::exception& e) {
          rows[i].code = kExitConnect;
          j["state"] = "error";
          j["error"] = e.what();
        }
        rows[i].j = std::move(j);
      },
      [] { return false; });

  std::vector<int> codes;
  json list = json::array();
  for (auto& r : rows) {
    codes.push_back(r.code);
    list.push_back(r.j);
  }
  if (format == "json") {
    out << json({{"format", "keel.fleet-status/v1"}, {"targets", list}}).dump(2) << "\n";
  } else {
    size_t width = 6;
    for (const auto& t : targets) width = std::max(width, t.name.size());
    const bool with_plan = !fp.targets.empty();
    out << Row(fmt::format("{:<{}}  {:<15}  {:>6}  {:>7}  {}{}", "target", width, "state", "plan",
                           "steps", with_plan ? "fleet plan    " : "", "detail"));
    for (const auto& j : list) {
      std::string plan, steps, detail = j.value("error", "");
      if (j.contains("last_plan")) {
        plan = "#" + std::to_string(j["last_plan"]["id"].get<long>());
        steps = fmt::format("{}/{}", j["last_plan"]["steps_done"].get<int>(),
                            j["last_plan"]["steps"].get<size_t>());
      }
      if (!j.value("applying_now", "").empty())
        detail = "applying now: " + j["applying_now"].get<std::string>();
      out << Row(fmt::format("{:<{}}  {:<15}  {:>6}  {:>7}  {}{}", j["name"].get<std::string>(),
                             width, j["state"].get<std::string>(), plan, steps,
                             with_plan ? fmt::format("{:<14}", j.value("fleet_plan", "")) : "",
                             detail));
    }
  }
  return WorstExitCode(codes);
}

}  // namespace

int RunFleet(const ParsedArgs& args, std::ostream& out, std::ostream& err) {
  if (args.command == "fleet plan") return FleetPlanCommand(args, out, err);
  if (args.command == "fleet apply") return FleetApplyCommand(args, out, err);
  return FleetStatusCommand(args, out, err);
}

}  // namespace keel::cli
