// keel_bench: times keel's front ends for bench/run.sh. Not a test; nothing here is run by CI.
//
//   keel_bench parse [--runs N] FILE|DIR...      parse + normalize (files read once, untimed)
//   keel_bench introspect [--runs N] CONNINFO    connect + introspect + normalize
//
// Prints one line of key=value pairs on stdout, e.g.
//   mode=parse runs=5 status=ok median_ms=812.4 min_ms=800.1 tables=520 peak_rss_kb=90312
// On failure: status=error error="first line of the message" (exit 1). peak_rss_kb is the
// process's getrusage(RUSAGE_SELF) ru_maxrss, i.e. the peak over all runs.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "introspect/postgres/introspect.h"
#include "model/normalize.h"
#include "parser/postgres/parser.h"
#include "parser/source.h"

namespace {

using Clock = std::chrono::steady_clock;

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

// One line, safe inside double quotes.
std::string Quote(const std::string& message) {
  std::string line = message.substr(0, message.find('\n'));
  std::string out;
  for (char c : line) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return "\"" + out + "\"";
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void Report(const std::string& mode, int runs, std::vector<double> ms, size_t tables,
            size_t functions, const std::string& error) {
  std::cout << "mode=" << mode << " runs=" << runs;
  if (!error.empty()) {
    std::cout << " status=error error=" << Quote(error) << " peak_rss_kb=" << PeakRssKb() << "\n";
    return;
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, " status=ok median_ms=%.1f min_ms=%.1f", Median(ms),
                *std::min_element(ms.begin(), ms.end()));
  std::cout << buf << " tables=" << tables << " functions=" << functions
            << " peak_rss_kb=" << PeakRssKb() << "\n";
}

int Usage() {
  std::cerr << "usage: keel_bench parse [--runs N] FILE|DIR...\n"
               "       keel_bench introspect [--runs N] CONNINFO\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return Usage();
  std::string mode = args[0];
  int runs = 5;
  std::vector<std::string> inputs;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--runs" && i + 1 < args.size()) {
      runs = std::max(1, std::atoi(args[++i].c_str()));
    } else {
      inputs.push_back(args[i]);
    }
  }
  if (inputs.empty() || (mode != "parse" && mode != "introspect")) return Usage();

  std::vector<double> ms;
  std::vector<double> phases[3];  // introspect: connect, catalog queries + building, Normalize()
  size_t tables = 0, functions = 0;
  try {
    if (mode == "parse") {
      std::vector<keel::parser::SourceFile> files;
      for (const auto& spec : inputs) {
        auto loaded = keel::parser::LoadSource(spec);
        if (!loaded.error.empty()) {
          Report(mode, runs, {}, 0, 0, loaded.error);
          return 1;
        }
        for (auto& f : loaded.files) files.push_back(std::move(f));
      }
      for (int r = 0; r < runs; ++r) {
        auto start = Clock::now();
        auto parsed = keel::parser::postgres::ParseFiles(files);
        if (!parsed.ok()) {
          Report(mode, runs, {}, 0, 0, parsed.errors.front().Render());
          return 1;
        }
        keel::model::Normalize(parsed.catalog);
        ms.push_back(Ms(Clock::now() - start));
        tables = parsed.catalog.tables.size();
        functions = parsed.catalog.functions.size();
      }
    } else {
      for (int r = 0; r < runs; ++r) {
        auto start = Clock::now();
        auto conn = keel::introspect::postgres::Connect(inputs[0]);
        auto connected = Clock::now();
        auto catalog = keel::introspect::postgres::Introspect(*conn);
        auto introspected = Clock::now();
        keel::model::Normalize(catalog);
        auto end = Clock::now();
        ms.push_back(Ms(end - start));
        phases[0].push_back(Ms(connected - start));
        phases[1].push_back(Ms(introspected - connected));
        phases[2].push_back(Ms(end - introspected));
        tables = catalog.tables.size();
        functions = catalog.functions.size();
      }
    }
  } catch (const keel::introspect::postgres::ConnectError& e) {
    Report(mode, runs, {}, 0, 0, e.message);
    return 1;
  } catch (const std::exception& e) {
    Report(mode, runs, {}, 0, 0, e.what());
    return 1;
  }
  Report(mode, runs, ms, tables, functions, "");
  if (mode == "introspect")  // where the time goes, on stderr so stdout stays one line
    std::cerr << "phases median_ms: connect=" << Median(phases[0])
              << " introspect=" << Median(phases[1]) << " normalize=" << Median(phases[2]) << "\n";
  return 0;
}
