-- expect: nothing (a safe pattern)
-- keel-lint: ignore-file missing-lock-timeout -- our runner sets lock_timeout for every file
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE orders ADD COLUMN note text;
