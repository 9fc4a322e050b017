-- expect: constraint-without-not-valid@3
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0);
