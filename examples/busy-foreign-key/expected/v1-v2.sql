-- keel plan
-- from: examples/busy-foreign-key/v1
-- to:   examples/busy-foreign-key/v2
-- 5 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add constraint orders_total_cents_check on public.orders
ALTER TABLE public.orders ADD CONSTRAINT orders_total_cents_check CHECK (total_cents >= 0) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 2: validate constraint orders_total_cents_check on public.orders
ALTER TABLE public.orders VALIDATE CONSTRAINT orders_total_cents_check;
COMMIT;

-- step 3: create index public.invoices_order_id_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY invoices_order_id_idx ON public.invoices (order_id);

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 4: add constraint invoices_order_id_fkey on public.invoices
ALTER TABLE public.invoices ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders (id) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 5: validate constraint invoices_order_id_fkey on public.invoices
ALTER TABLE public.invoices VALIDATE CONSTRAINT invoices_order_id_fkey;
COMMIT;
