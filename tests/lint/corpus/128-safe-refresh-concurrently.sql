-- expect: nothing (a safe pattern)
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;
