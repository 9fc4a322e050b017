-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 3 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add check public.items.note IS NOT NULL (not valid)
ALTER TABLE public.items ADD CONSTRAINT note_keel_not_null CHECK (note IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 2: validate check public.items.note IS NOT NULL
ALTER TABLE public.items VALIDATE CONSTRAINT note_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 3: set not null on public.items.note
ALTER TABLE public.items ALTER COLUMN note SET NOT NULL;
ALTER TABLE public.items DROP CONSTRAINT note_keel_not_null;
COMMIT;
