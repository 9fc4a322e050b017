-- expect: column-type-rewrite@4
-- expect: prefer-timestamptz@4
SET lock_timeout = '2s';
ALTER TABLE events ALTER COLUMN happened_at TYPE timestamp;
