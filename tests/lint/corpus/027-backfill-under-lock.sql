-- The backfill holds the ALTER's ACCESS EXCLUSIVE lock.
-- expect: backfill-under-lock@6
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
UPDATE users SET plan = 'free';
COMMIT;
