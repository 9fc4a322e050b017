-- VALIDATE in its own transaction, and it blocks nobody: no lock_timeout needed.
-- expect: nothing (a safe pattern)
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
