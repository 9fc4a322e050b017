-- expect: concurrently-in-transaction@3
BEGIN;
VACUUM ANALYZE orders;
COMMIT;
