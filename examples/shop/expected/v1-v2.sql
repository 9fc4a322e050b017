-- keel plan
-- from: examples/shop/v1
-- to:   examples/shop/v2
-- 12 steps

-- ==== phase 1: expand ====

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: create schema reporting
CREATE SCHEMA reporting;

-- step 2: create table public.order_lines
CREATE TABLE public.order_lines (
    order_id bigint NOT NULL,
    product_id bigint NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    CONSTRAINT order_lines_pkey PRIMARY KEY (order_id, product_id),
    CONSTRAINT order_lines_quantity_check CHECK (quantity > 0)
);

-- step 3: create table reporting.daily_sales
CREATE TABLE reporting.daily_sales (
    day date NOT NULL,
    total numeric(14,2) DEFAULT 0 NOT NULL,
    CONSTRAINT daily_sales_pkey PRIMARY KEY (day)
);

-- step 4: add column public.customers.loyalty_points
ALTER TABLE public.customers ADD COLUMN loyalty_points integer DEFAULT 0 NOT NULL;

-- step 5: add column public.products.discontinued
ALTER TABLE public.products ADD COLUMN discontinued boolean DEFAULT false NOT NULL;

-- step 6: alter column public.customers.email (type)
ALTER TABLE public.customers ALTER COLUMN email TYPE character varying(320) USING email::character varying(320);
COMMIT;

-- step 7: create index public.orders_customer_id_placed_at_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY orders_customer_id_placed_at_idx ON public.orders (customer_id, placed_at DESC);

-- step 8: create index public.products_lower_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY products_lower_idx ON public.products ((lower(title))) WHERE NOT discontinued;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 9: add constraint order_lines_order_id_fkey on public.order_lines
ALTER TABLE public.order_lines ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders (id) ON DELETE CASCADE;

-- step 10: add constraint order_lines_product_id_fkey on public.order_lines
ALTER TABLE public.order_lines ADD CONSTRAINT order_lines_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products (id);

-- step 11: comment on COLUMN public.customers.loyalty_points
COMMENT ON COLUMN public.customers.loyalty_points IS 'Earned with every order';
COMMIT;

-- ==== phase 3: contract ====
-- Deploy the application that no longer uses what this phase removes first.

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 12: drop column public.products.legacy_code
ALTER TABLE public.products DROP COLUMN legacy_code;
COMMIT;
