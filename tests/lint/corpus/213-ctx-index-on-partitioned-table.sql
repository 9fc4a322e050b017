-- With the schema the message says how to index a partitioned table online.
-- lint-schema: ../schemas/app.sql
-- expect: index-not-concurrent@6
-- expect-without-schema: index-not-concurrent@6
SET lock_timeout = '2s';
CREATE INDEX measurements_at ON measurements (at);
