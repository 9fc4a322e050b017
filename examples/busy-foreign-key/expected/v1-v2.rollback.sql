-- keel rollback script
-- from: examples/busy-foreign-key/v1
-- to:   examples/busy-foreign-key/v2
-- 3 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 4: undo: add constraint invoices_order_id_fkey on public.invoices
ALTER TABLE public.invoices DROP CONSTRAINT invoices_order_id_fkey;
COMMIT;

-- step 3: undo: create index public.invoices_order_id_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DROP INDEX CONCURRENTLY public.invoices_order_id_idx;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: undo: add constraint orders_total_cents_check on public.orders
ALTER TABLE public.orders DROP CONSTRAINT orders_total_cents_check;
COMMIT;
