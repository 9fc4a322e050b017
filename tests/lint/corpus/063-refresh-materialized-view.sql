-- expect: refresh-not-concurrent@3
SET lock_timeout = '2s';
REFRESH MATERIALIZED VIEW daily_totals;
