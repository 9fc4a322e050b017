-- expect: concurrently-in-transaction@3
BEGIN;
DROP INDEX CONCURRENTLY orders_user_idx;
COMMIT;
