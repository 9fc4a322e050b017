-- expect: drop-column@3
SET lock_timeout = '2s';
ALTER TABLE users DROP COLUMN legacy_flags;
