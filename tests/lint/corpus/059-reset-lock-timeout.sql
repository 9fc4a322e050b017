-- expect: drop-index-not-concurrent@6
-- expect: missing-lock-timeout@6
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
RESET lock_timeout;
DROP INDEX users_plan_idx;
