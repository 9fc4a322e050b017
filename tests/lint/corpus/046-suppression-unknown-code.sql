-- expect: unknown-lint-code@4
-- expect: drop-column@5
SET lock_timeout = '2s';
-- keel-lint: ignore drop-colum -- typo in the code
ALTER TABLE users DROP COLUMN legacy_flags;
