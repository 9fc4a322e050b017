-- NOT NULL column without a default fails on a table with rows.
-- expect: adding-not-null-column@4
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text NOT NULL;
