-- keel rollback script
-- from: examples/split-column/v1
-- to:   examples/split-column/v2
-- 4 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 4: undo: create trigger customers_split_name on public.customers
DROP TRIGGER customers_split_name ON public.customers;

-- step 3: undo: add column public.customers.last_name
ALTER TABLE public.customers DROP COLUMN last_name;

-- step 2: undo: add column public.customers.first_name
ALTER TABLE public.customers DROP COLUMN first_name;

-- step 1: undo: create function public.customers_split_name()
DROP FUNCTION public.customers_split_name();
COMMIT;
