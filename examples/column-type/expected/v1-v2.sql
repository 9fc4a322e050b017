-- keel plan
-- from: examples/column-type/v1
-- to:   examples/column-type/v2
-- 3 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: alter column public.events.account_id (type)
ALTER TABLE public.events ALTER COLUMN account_id TYPE bigint USING account_id::bigint;

-- step 2: alter column public.events.kind (type)
ALTER TABLE public.events ALTER COLUMN kind TYPE text USING kind::text;

-- step 3: alter column public.events.payload (type)
ALTER TABLE public.events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;
COMMIT;
