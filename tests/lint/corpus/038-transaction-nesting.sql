-- expect: transaction-nesting@4
BEGIN;
SET LOCAL lock_timeout = '2s';
BEGIN;
ALTER TABLE users ADD COLUMN plan text;
COMMIT;
COMMIT;
