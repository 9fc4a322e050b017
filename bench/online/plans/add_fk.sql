-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 2 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add constraint items_parent_id_fkey on public.items
ALTER TABLE public.items ADD CONSTRAINT items_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.parents (id) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 2: validate constraint items_parent_id_fkey on public.items
ALTER TABLE public.items VALIDATE CONSTRAINT items_parent_id_fkey;
COMMIT;
