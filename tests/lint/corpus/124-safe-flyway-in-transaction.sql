-- Flyway runs the file in one transaction, so SET LOCAL holds throughout.
-- lint-option: in-transaction
-- expect: nothing (a safe pattern)
SET LOCAL lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
