#include "apply/runner.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "model/catalog.h"
#include "planner/postgres/lower_online.h"

namespace keel::apply {
namespace {

using Clock = std::chrono::steady_clock;

std::string Timeout(int ms) { return "'" + std::to_string(ms) + "ms'"; }

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int StatementTimeout(const planner::Step& step, const planner::PlanSettings& settings) {
  return step.statement_timeout_ms < 0 ? settings.statement_timeout_ms : step.statement_timeout_ms;
}

void SetTimeouts(pqxx::transaction_base& tx, const planner::Step& step,
                 const planner::PlanSettings& settings, bool local) {
  const std::string set = local ? "SET LOCAL " : "SET ";
  tx.exec(set + "lock_timeout = " + Timeout(settings.lock_timeout_ms));
  tx.exec(set + "statement_timeout = " + Timeout(StatementTimeout(step, settings)));
}

std::string Message(const std::exception& e) {
  std::string m = e.what();
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// A failed statement, with its SQLSTATE when the server sent one.
struct Failure {
  std::string sqlstate;
  std::string message;
};

template <typename Body>
std::optional<Failure> Attempt(Body&& body) {
  try {
    body();
    return std::nullopt;
  } catch (const pqxx::sql_error& e) {
    return Failure{e.sqlstate(), Message(e)};
  } catch (const pqxx::broken_connection&) {
    throw;  // nothing to retry on a dead connection; the journal makes the step dirty
  } catch (const std::exception& e) {
    return Failure{"", Message(e)};
  }
}

void Emit(const RunOptions& options, Event e) {
  if (options.on_event) options.on_event(e);
}

// Runs statements the step needs before it can be tried again (an INVALID leftover index).
void BeforeRetry(pqxx::connection& conn, const planner::Step& step) {
  if (step.before_retry.empty()) return;
  pqxx::nontransaction tx(conn);
  for (const auto& sql : step.before_retry) tx.exec(sql);
}

std::vector<std::string> KeyAfter(const planner::Backfill& b, const std::string& progress) {
  std::vector<std::string> after;
  if (progress.empty()) return after;
  auto values = nlohmann::json::parse(progress);
  for (size_t i = 0; i < b.key.size() && i < values.size(); ++i)
    after.push_back(model::QuoteLiteral(values[i].get<std::string>()) + "::" + b.key[i].second);
  return after;
}

// Drives a backfill one committed batch at a time, recording the last key with each batch so a
// resumed run continues after it.
std::optional<Failure> RunBackfill(pqxx::connection& conn, Journal& journal, long plan_id,
                                   const planner::Step& step, const planner::PlanSettings& settings,
                                   std::string progress, const RunOptions& options) {
  const planner::Backfill& b = *step.backfill;
  // The step as a whole has no statement timeout; each batch has the plan's.
  planner::Step batch_step = step;
  batch_step.statement_timeout_ms = -1;
  const auto start = Clock::now();
  // The last key when the backfill (or its resumed run) begins: rows inserted later get the
  // column's default, and without the bound a steady stream of inserts never lets it end.
  std::vector<std::string> upto;
  if (!b.key.empty()) {
    bool empty = false;
    auto failure = Attempt([&] {
      pqxx::work tx(conn);
      SetTimeouts(tx, batch_step, settings, true);
      auto r = tx.exec(planner::postgres::BackfillEndSql(b));
      tx.commit();
      empty = r.empty();
      for (size_t i = 0; !empty && i < b.key.size(); ++i)
        upto.push_back(model::QuoteLiteral(r[0][int(i)].c_str()) + "::" + b.key[i].second);
    });
    if (failure) return failure;
    if (empty) return std::nullopt;
  }
  long rows = 0, batches = 0;
  while (true) {
    bool done = false;
    std::optional<Failure> failure;
    for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
      failure = Attempt([&] {
        pqxx::work tx(conn);
        SetTimeouts(tx, batch_step, settings, true);
        auto sql = planner::postgres::BackfillBatchSql(b, settings.batch_size,
                                                       KeyAfter(b, progress), "", upto);
        auto r = tx.exec(sql);
        std::string next = progress;
        if (b.key.empty()) {
          done = r.affected_rows() == 0;
          rows += static_cast<long>(r.affected_rows());
        } else if (r.empty()) {
          done = true;
        } else {
          nlohmann::json key = nlohmann::json::array();
          for (const auto& field : r[0]) key.push_back(std::string(field.c_str()));
          next = key.dump();
          rows += settings.batch_size;
        }
        if (!done) journal.StepProgress(tx, plan_id, step.id, next);
        tx.commit();
        progress = next;
      });
      if (!failure || !IsRetryable(failure->sqlstate)) break;
      Emit(options, {"retry", &step, attempt, Since(start), failure->message});
      if (attempt < options.max_attempts) Backoff(attempt, options);
    }
    if (failure) return failure;
    if (done) {
      // The last count, which throttled progress lines may have skipped.
      if (batches) Emit(options, {"batch", &step, 0, Since(start), "done", rows, batches});
      return std::nullopt;
    }
    ++batches;
    Emit(options, {"batch", &step, 0, Since(start), "", rows, batches});
    std::this_thread::sleep_for(std::chrono::milliseconds(settings.batch_pause_ms));
  }
}

// One attempt of a step that is not a backfill; a transactional one commits with its record.
void RunOnce(pqxx::connection& conn, Journal& journal, long plan_id, const planner::Step& step,
             const planner::PlanSettings& settings, const std::string& done_status) {
  if (step.transactional) {
    pqxx::work tx(conn);
    SetTimeouts(tx, step, settings, true);
    for (const auto& sql : step.sql) tx.exec(sql);
    journal.StepFinished(tx, plan_id, step.id, done_status);
    tx.commit();
    return;
  }
  // CONCURRENTLY and ADD VALUE refuse to run in a transaction block; the wait for a lock is
  // still bounded.
  {
    pqxx::nontransaction tx(conn);
    SetTimeouts(tx, step, settings, false);
    for (const auto& sql : step.sql) tx.exec(sql);
  }
  pqxx::work tx(conn);
  journal.StepFinished(tx, plan_id, step.id, done_status);
  tx.commit();
}

// A step left running by a run that died may have done its work before the record: a rerun
// that finds its object already there (or already gone) has nothing left to do.
bool AlreadyApplied(const planner::Step& step, const Failure& f) {
  if (step.transactional) return false;  // rolled back with its record
  const bool exists = f.sqlstate == "42P07" || f.sqlstate == "42710";
  const bool missing = f.sqlstate == "42704" || f.sqlstate == "42P01";
  const std::string& first = step.sql.empty() ? std::string() : step.sql.front();
  return (exists && (first.rfind("CREATE", 0) == 0 || first.rfind("ALTER TYPE", 0) == 0)) ||
         (missing && first.rfind("DROP", 0) == 0);
}

// Watches a concurrent index build of `backend` from its own connection, once a second, until
// destroyed. Best effort: without the view or a connection it reports nothing.
class IndexProgress {
 public:
  IndexProgress(const RunOptions& options, const planner::Step& step, int backend) {
    if (options.progress_conninfo.empty() || !options.on_event || step.transactional) return;
    bool builds = false;
    for (const auto& sql : step.sql)
      builds = builds || sql.find("INDEX CONCURRENTLY") != std::string::npos;
    if (!builds) return;
    thread_ = std::thread([this, &options, &step, backend] { Watch(options, step, backend); });
  }
  ~IndexProgress() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Watch(const RunOptions& options, const planner::Step& step, int backend) {
    const auto start = Clock::now();
    try {
      pqxx::connection conn(options.progress_conninfo);
      std::unique_lock<std::mutex> lock(mu_);
      while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
        pqxx::nontransaction tx(conn);
        auto r = tx.exec(
            "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total, lockers_done, "
            "lockers_total FROM pg_stat_progress_create_index WHERE pid = " +
            std::to_string(backend));
        if (r.empty()) continue;
        auto pct = [](const pqxx::field& done, const pqxx::field& total) {
          double t = total.as<double>(0);
          return t > 0 ? fmt::format(" {:.0f}%", 100.0 * done.as<double>(0) / t) : std::string();
        };
        std::string what = r[0][0].c_str();
        if (r[0][2].as<double>(0) > 0)
          what += pct(r[0][1], r[0][2]) + " of blocks";
        else if (r[0][4].as<double>(0) > 0)
          what += pct(r[0][3], r[0][4]) + " of tuples";
        else if (r[0][6].as<double>(0) > 0)
          what += fmt::format(" ({} of {} transactions)", r[0][5].c_str(), r[0][6].c_str());
        Emit(options, {"index_progress", &step, 0, Since(start), what});
      }
    } catch (const std::exception&) {
      // Progress is a courtesy; the build itself reports its outcome.
    }
  }

  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace

void Backoff(int attempt, const RunOptions& options) {
  static thread_local std::mt19937 rng(std::random_device{}());
  long cap = std::min<long>(options.retry_max_ms, long(options.retry_base_ms) << (attempt - 1));
  std::uniform_int_distribution<long> pick(cap / 2, cap);
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
}

bool IsRetryable(const std::string& sqlstate) {
  return sqlstate == "55P03" || sqlstate == "40P01" || sqlstate == "40001";
}

RunOutcome RunJournaled(pqxx::connection& conn, Journal& journal, long plan_id,
                        const planner::Plan& plan, const RunOptions& options) {
  auto records = journal.Steps(plan_id);
  for (const auto& step : plan.steps) {
    const StepRecord& record = records[step.id];
    if (record.status == options.done_status) continue;
    const bool dirty = record.status == "running";
    const auto start = Clock::now();
    Emit(options,
         {"step_start", &step, record.attempts + 1, 0, dirty ? "resuming a dirty step" : ""});
    journal.StepStarted(plan_id, step.id);
    if (dirty || record.status == "failed") BeforeRetry(conn, step);
    std::optional<Failure> failure;
    if (step.backfill) {
      failure = RunBackfill(conn, journal, plan_id, step, plan.settings, record.progress, options);
      if (!failure) {
        pqxx::work tx(conn);
        journal.StepFinished(tx, plan_id, step.id, options.done_status);
        tx.commit();
      }
    } else {
      for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
        IndexProgress progress(options, step, conn.backendpid());
        failure = Attempt(
            [&] { RunOnce(conn, journal, plan_id, step, plan.settings, options.done_status); });
        if (!failure) break;
        if (dirty && AlreadyApplied(step, *failure)) {
          Emit(options, {"reconciled", &step, attempt, Since(start),
                         "already applied by the run that died: " + failure->message});
          pqxx::work tx(conn);
          journal.StepFinished(tx, plan_id, step.id, options.done_status);
          tx.commit();
          failure.reset();
          break;
        }
        if (!IsRetryable(failure->sqlstate) || attempt == options.max_attempts) break;
        Emit(options, {"retry", &step, attempt, Since(start), failure->message});
        Backoff(attempt, options);
        BeforeRetry(conn, step);
      }
    }
    if (failure) {
      journal.StepFailed(plan_id, step.id, failure->message);
      Emit(options, {"step_failed", &step, 0, Since(start), failure->message});
      return {false, step.id, failure->message};
    }
    Emit(options, {"step_done", &step, 0, Since(start), ""});
  }
  return {};
}

std::vector<DryRunStep> DryRun(pqxx::connection& conn, const planner::Plan& plan,
                               const RunOptions& options) {
  std::vector<DryRunStep> out;
  std::map<int, int> blocked_by;  // step -> the step that kept it from running
  pqxx::work tx(conn);
  // A new tenant's schema, made for the steps and rolled back with them.
  if (!plan.in_schema.empty())
    tx.exec("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(plan.in_schema));
  for (const auto& step : plan.steps) {
    const auto start = Clock::now();
    int blocker = 0;
    for (const auto& e : plan.edges)
      if (e.after == step.id && blocked_by.count(e.before)) blocker = e.before;
    if (!step.transactional || blocker) {
      blocked_by[step.id] = blocker ? blocker : step.id;
      std::string why = blocker ? "not run: depends on step " + std::to_string(blocker)
                                : "not run: runs outside a transaction";
      out.push_back({step.id, why, false});
      Emit(options, {"step_skipped", &step, 0, 0, why.substr(9)});
      continue;
    }
    auto failure = Attempt([&] {
      pqxx::subtransaction sub(tx, "keel_step");
      SetTimeouts(sub, step, plan.settings, true);
      for (const auto& sql : step.sql) sub.exec(sql);
      sub.commit();
    });
    if (failure) {
      blocked_by[step.id] = step.id;
      out.push_back({step.id, "failed: " + failure->message, true});
      Emit(options, {"step_failed", &step, 0, Since(start), failure->message});
    } else {
      out.push_back({step.id, "ok", false});
      Emit(options, {"step_done", &step, 0, Since(start), ""});
    }
  }
  tx.abort();
  return out;
}

}  // namespace keel::apply
