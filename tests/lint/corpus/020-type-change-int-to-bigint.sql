-- expect: column-type-rewrite@3
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;
