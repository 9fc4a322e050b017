-- lock_timeout = 0 turns the timeout off.
-- expect: missing-lock-timeout@4
SET lock_timeout = 0;
ALTER TABLE users ADD COLUMN plan text;
