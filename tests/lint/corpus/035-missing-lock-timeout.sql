-- Reported once, at the first statement that takes a blocking lock.
-- expect: missing-lock-timeout@3
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE users ADD COLUMN trial_ends_at timestamptz;
