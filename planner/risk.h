// Risk score of a step (0-100) with an estimated duration, from its hazards, its lock and the
// live statistics of the table it acts on. Every point is explained by a factor line.
#pragma once

#include "model/catalog.h"
#include "planner/plan.h"

namespace keel::planner {

/// Throughputs the estimates assume (bytes or rows per second on a modest server).
struct Throughput {
  double rewrite_bytes = 50e6;
  double scan_bytes = 200e6;
  double index_bytes = 40e6;
  double backfill_rows = 20000;
};

/// Fills step.risk. `table` is the current state of the table the step locks (nullptr when
/// none, or a new one), with its live statistics (est_rows, total_bytes, writes_per_second);
/// without them its size is "unknown".
void ScoreRisk(Step& step, const model::Table* table, const PlanSettings& settings,
               const Throughput& throughput = {});

}  // namespace keel::planner
