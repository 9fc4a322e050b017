-- A constant default is fine; the lock still needs a timeout.
-- expect: missing-lock-timeout@4
BEGIN;
ALTER TABLE users ADD COLUMN score integer DEFAULT 0 NOT NULL;
ALTER TABLE users ALTER COLUMN score DROP DEFAULT;
COMMIT;
