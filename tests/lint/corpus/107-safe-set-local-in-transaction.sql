-- expect: nothing (a safe pattern)
BEGIN;
SET LOCAL lock_timeout = '1s';
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';
COMMIT;
