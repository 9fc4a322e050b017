-- expect: concurrently-in-transaction@4
-- expect: missing-lock-timeout@4
BEGIN;
ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;
COMMIT;
