-- keel plan
-- from: examples/split-column/v2
-- to:   examples/split-column/v3
-- 6 steps

-- ==== phase 1: expand ====

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add check public.customers.first_name IS NOT NULL (not valid)
ALTER TABLE public.customers ADD CONSTRAINT first_name_keel_not_null CHECK (first_name IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 2: validate check public.customers.first_name IS NOT NULL
ALTER TABLE public.customers VALIDATE CONSTRAINT first_name_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 3: set not null on public.customers.first_name
ALTER TABLE public.customers ALTER COLUMN first_name SET NOT NULL;
ALTER TABLE public.customers DROP CONSTRAINT first_name_keel_not_null;
COMMIT;

-- ==== phase 3: contract ====
-- Deploy the application that no longer uses what this phase removes first.

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 4: drop trigger customers_split_name on public.customers
DROP TRIGGER customers_split_name ON public.customers;

-- step 5: drop column public.customers.full_name
ALTER TABLE public.customers DROP COLUMN full_name;

-- step 6: drop function public.customers_split_name()
DROP FUNCTION public.customers_split_name();
COMMIT;
