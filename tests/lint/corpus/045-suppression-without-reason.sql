-- The suppression applies, but its missing reason is itself a finding.
-- expect: suppression-without-reason@4
SET lock_timeout = '2s';
-- keel-lint: ignore drop-column
ALTER TABLE users DROP COLUMN legacy_flags;
