-- expect: nothing (a safe pattern)
SET lock_timeout = '2s';
-- keel-lint: ignore drop-column -- unused since release 4.2, archived to s3://backups/legacy
ALTER TABLE users DROP COLUMN legacy_flags;
