-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 2 steps

-- step 1: build unique index public.items_code_key (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE UNIQUE INDEX CONCURRENTLY items_code_key ON public.items (code);

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 2: add constraint items_code_key on public.items
ALTER TABLE public.items ADD CONSTRAINT items_code_key UNIQUE USING INDEX items_code_key;
COMMIT;
