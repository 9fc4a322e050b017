-- expect: unused-suppression@3
SET lock_timeout = '2s';
-- keel-lint: ignore index-not-concurrent -- the index is built concurrently anyway
ALTER TABLE users ADD COLUMN plan text;
