-- keel rollback script
-- from: examples/column-type/v1
-- to:   examples/column-type/v2
-- 14 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 18: undo: drop column public.events.payload_keel_old
ALTER TABLE public.events ADD COLUMN payload_keel_old text;
CREATE FUNCTION public.events_payload_keel_sync() RETURNS trigger LANGUAGE plpgsql AS $keel$
BEGIN
  NEW.payload_keel_new := NEW.payload::jsonb;
  RETURN NEW;
END
$keel$;

-- step 17: undo: drop column public.events.account_id_keel_old
ALTER TABLE public.events ADD COLUMN account_id_keel_old integer;
CREATE FUNCTION public.events_account_id_keel_sync() RETURNS trigger LANGUAGE plpgsql AS $keel$
BEGIN
  NEW.account_id_keel_new := NEW.account_id::bigint;
  RETURN NEW;
END
$keel$;

-- step 16: undo: swap public.events.account_id to bigint
ALTER INDEX public.events_account_id_occurred_at_idx RENAME TO events_account_id_occurred_at_idx_keel_new;
ALTER TABLE public.events RENAME COLUMN account_id TO account_id_keel_new;
ALTER TABLE public.events RENAME COLUMN account_id_keel_old TO account_id;
UPDATE public.events SET account_id = account_id_keel_new::integer;
ALTER TABLE public.events ALTER COLUMN account_id SET NOT NULL;
CREATE INDEX events_account_id_occurred_at_idx ON public.events (account_id, occurred_at);
CREATE TRIGGER events_account_id_keel_sync BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.events_account_id_keel_sync();
COMMIT;

-- step 15: undo: build index public.events_account_id_occurred_at_idx on account_id_keel_new as events_account_id_occurred_at_idx_keel_new (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DROP INDEX CONCURRENTLY IF EXISTS public.events_account_id_occurred_at_idx_keel_new;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 14: undo: swap public.events.payload to jsonb
ALTER TABLE public.events RENAME COLUMN payload TO payload_keel_new;
ALTER TABLE public.events RENAME COLUMN payload_keel_old TO payload;
UPDATE public.events SET payload = payload_keel_new::text;
ALTER TABLE public.events ALTER COLUMN payload SET NOT NULL;
CREATE TRIGGER events_payload_keel_sync BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.events_payload_keel_sync();

-- step 13: undo: set not null on public.events.payload_keel_new
ALTER TABLE public.events ALTER COLUMN payload_keel_new DROP NOT NULL;

-- step 11: undo: add check public.events.payload_keel_new IS NOT NULL (not valid)
ALTER TABLE public.events DROP CONSTRAINT IF EXISTS payload_keel_new_keel_not_null;

-- step 9: undo: set not null on public.events.account_id_keel_new
ALTER TABLE public.events ALTER COLUMN account_id_keel_new DROP NOT NULL;

-- step 7: undo: add check public.events.account_id_keel_new IS NOT NULL (not valid)
ALTER TABLE public.events DROP CONSTRAINT IF EXISTS account_id_keel_new_keel_not_null;

-- step 5: undo: sync payload_keel_new from public.events.payload on every write
DROP TRIGGER IF EXISTS events_payload_keel_sync ON public.events;
DROP FUNCTION IF EXISTS public.events_payload_keel_sync();

-- step 4: undo: add column public.events.payload_keel_new (jsonb) beside payload
ALTER TABLE public.events DROP COLUMN IF EXISTS payload_keel_new;

-- step 3: undo: alter column public.events.kind (type)
ALTER TABLE public.events ALTER COLUMN kind TYPE character varying(40) USING kind::character varying(40);

-- step 2: undo: sync account_id_keel_new from public.events.account_id on every write
DROP TRIGGER IF EXISTS events_account_id_keel_sync ON public.events;
DROP FUNCTION IF EXISTS public.events_account_id_keel_sync();

-- step 1: undo: add column public.events.account_id_keel_new (bigint) beside account_id
ALTER TABLE public.events DROP COLUMN IF EXISTS account_id_keel_new;
COMMIT;
