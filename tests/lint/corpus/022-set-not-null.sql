-- expect: set-not-null@3
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
