-- expect: rename-column@4
-- expect: missing-lock-timeout@4
SET lock_timeout TO DEFAULT;
ALTER TABLE users RENAME COLUMN plan TO tier;
