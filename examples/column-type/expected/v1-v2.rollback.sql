-- keel rollback script
-- from: examples/column-type/v1
-- to:   examples/column-type/v2
-- 3 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 3: undo: alter column public.events.payload (type)
ALTER TABLE public.events ALTER COLUMN payload TYPE text USING payload::text;

-- step 2: undo: alter column public.events.kind (type)
ALTER TABLE public.events ALTER COLUMN kind TYPE character varying(40) USING kind::character varying(40);

-- step 1: undo: alter column public.events.account_id (type)
ALTER TABLE public.events ALTER COLUMN account_id TYPE integer USING account_id::integer;
COMMIT;
