-- expect: nothing (a safe pattern)
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ADD COLUMN score integer DEFAULT 0;
COMMENT ON COLUMN users.nickname IS 'shown in the header';
