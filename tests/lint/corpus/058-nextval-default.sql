-- expect: volatile-default@3
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN number bigint DEFAULT nextval('order_numbers');
