-- expect: missing-lock-timeout@6
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
COMMIT;
ALTER TABLE users ADD COLUMN trial_ends_at timestamptz;
