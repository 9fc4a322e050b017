-- keel rollback script
-- from: examples/shop/v1
-- to:   examples/shop/v2
-- 12 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 12: undo: drop column public.products.legacy_code
ALTER TABLE public.products ADD COLUMN legacy_code text;

-- step 11: undo: comment on COLUMN public.customers.loyalty_points
COMMENT ON COLUMN public.customers.loyalty_points IS NULL;

-- step 10: undo: add constraint order_lines_product_id_fkey on public.order_lines
ALTER TABLE public.order_lines DROP CONSTRAINT order_lines_product_id_fkey;

-- step 9: undo: add constraint order_lines_order_id_fkey on public.order_lines
ALTER TABLE public.order_lines DROP CONSTRAINT order_lines_order_id_fkey;
COMMIT;

-- step 8: undo: create index public.products_lower_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DROP INDEX CONCURRENTLY public.products_lower_idx;

-- step 7: undo: create index public.orders_customer_id_placed_at_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DROP INDEX CONCURRENTLY public.orders_customer_id_placed_at_idx;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 6: undo: alter column public.customers.email (type)
ALTER TABLE public.customers ALTER COLUMN email TYPE character varying(200) USING email::character varying(200);

-- step 5: undo: add column public.products.discontinued
ALTER TABLE public.products DROP COLUMN discontinued;

-- step 4: undo: add column public.customers.loyalty_points
ALTER TABLE public.customers DROP COLUMN loyalty_points;

-- step 3: undo: create table reporting.daily_sales
DROP TABLE reporting.daily_sales;

-- step 2: undo: create table public.order_lines
DROP TABLE public.order_lines;

-- step 1: undo: create schema reporting
DROP SCHEMA reporting;
COMMIT;
