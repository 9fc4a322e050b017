-- The online pattern for a partitioned table; a partitioned index cannot be dropped CONCURRENTLY.
-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: drop-index-not-concurrent@9
CREATE INDEX measurements_at ON ONLY measurements (at);
CREATE INDEX CONCURRENTLY measurements_2024_at ON measurements_2024 (at);
SET lock_timeout = '2s';
ALTER INDEX measurements_at ATTACH PARTITION measurements_2024_at;
DROP INDEX measurements_value_idx;
