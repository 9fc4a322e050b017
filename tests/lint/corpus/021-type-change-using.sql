-- expect: column-type-rewrite@3
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2) USING round(total, 2);
