-- keel plan
-- from: examples/column-type/v1
-- to:   examples/column-type/v2
-- 18 steps

-- ==== phase 1: expand ====

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add column public.events.account_id_keel_new (bigint) beside account_id
ALTER TABLE public.events ADD COLUMN account_id_keel_new bigint;

-- step 2: sync account_id_keel_new from public.events.account_id on every write
CREATE FUNCTION public.events_account_id_keel_sync() RETURNS trigger LANGUAGE plpgsql AS $keel$
BEGIN
  NEW.account_id_keel_new := NEW.account_id::bigint;
  RETURN NEW;
END
$keel$;
CREATE TRIGGER events_account_id_keel_sync BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.events_account_id_keel_sync();

-- step 3: alter column public.events.kind (type)
ALTER TABLE public.events ALTER COLUMN kind TYPE text USING kind::text;

-- step 4: add column public.events.payload_keel_new (jsonb) beside payload
ALTER TABLE public.events ADD COLUMN payload_keel_new jsonb;

-- step 5: sync payload_keel_new from public.events.payload on every write
CREATE FUNCTION public.events_payload_keel_sync() RETURNS trigger LANGUAGE plpgsql AS $keel$
BEGIN
  NEW.payload_keel_new := NEW.payload::jsonb;
  RETURN NEW;
END
$keel$;
CREATE TRIGGER events_payload_keel_sync BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.events_payload_keel_sync();
COMMIT;

-- ==== phase 2: backfill ====
-- Batched updates, each batch its own transaction; safe to re-run.

-- step 6: backfill account_id_keel_new from public.events.account_id (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DO $keel$
DECLARE
  keel_last_1 bigint;
  keel_end_1 bigint;
  keel_started boolean := false;
BEGIN
  SELECT id INTO keel_end_1 FROM public.events ORDER BY id DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  LOOP
    IF keel_started THEN
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.events WHERE (id) > (keel_last_1) AND (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.events AS keel_row SET account_id_keel_new = account_id::bigint FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND account_id_keel_new IS NULL AND account_id IS NOT NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    ELSE
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.events WHERE (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.events AS keel_row SET account_id_keel_new = account_id::bigint FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND account_id_keel_new IS NULL AND account_id IS NOT NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    END IF;
    EXIT WHEN NOT FOUND;
    keel_started := true;
    COMMIT;
    PERFORM pg_sleep(0.100);
  END LOOP;
END
$keel$;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 7: add check public.events.account_id_keel_new IS NOT NULL (not valid)
ALTER TABLE public.events ADD CONSTRAINT account_id_keel_new_keel_not_null CHECK (account_id_keel_new IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 8: validate check public.events.account_id_keel_new IS NOT NULL
ALTER TABLE public.events VALIDATE CONSTRAINT account_id_keel_new_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 9: set not null on public.events.account_id_keel_new
ALTER TABLE public.events ALTER COLUMN account_id_keel_new SET NOT NULL;
ALTER TABLE public.events DROP CONSTRAINT account_id_keel_new_keel_not_null;
COMMIT;

-- step 10: backfill payload_keel_new from public.events.payload (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DO $keel$
DECLARE
  keel_last_1 bigint;
  keel_end_1 bigint;
  keel_started boolean := false;
BEGIN
  SELECT id INTO keel_end_1 FROM public.events ORDER BY id DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  LOOP
    IF keel_started THEN
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.events WHERE (id) > (keel_last_1) AND (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.events AS keel_row SET payload_keel_new = payload::jsonb FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND payload_keel_new IS NULL AND payload IS NOT NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    ELSE
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.events WHERE (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.events AS keel_row SET payload_keel_new = payload::jsonb FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND payload_keel_new IS NULL AND payload IS NOT NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    END IF;
    EXIT WHEN NOT FOUND;
    keel_started := true;
    COMMIT;
    PERFORM pg_sleep(0.100);
  END LOOP;
END
$keel$;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 11: add check public.events.payload_keel_new IS NOT NULL (not valid)
ALTER TABLE public.events ADD CONSTRAINT payload_keel_new_keel_not_null CHECK (payload_keel_new IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 12: validate check public.events.payload_keel_new IS NOT NULL
ALTER TABLE public.events VALIDATE CONSTRAINT payload_keel_new_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 13: set not null on public.events.payload_keel_new
ALTER TABLE public.events ALTER COLUMN payload_keel_new SET NOT NULL;
ALTER TABLE public.events DROP CONSTRAINT payload_keel_new_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 14: swap public.events.payload to jsonb
DROP TRIGGER events_payload_keel_sync ON public.events;
ALTER TABLE public.events RENAME COLUMN payload TO payload_keel_old;
ALTER TABLE public.events RENAME COLUMN payload_keel_new TO payload;
ALTER TABLE public.events ALTER COLUMN payload_keel_old DROP NOT NULL;
COMMIT;

-- step 15: build index public.events_account_id_occurred_at_idx on account_id_keel_new as events_account_id_occurred_at_idx_keel_new (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY events_account_id_occurred_at_idx_keel_new ON public.events (account_id_keel_new, occurred_at);

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 16: swap public.events.account_id to bigint
DROP TRIGGER events_account_id_keel_sync ON public.events;
ALTER TABLE public.events RENAME COLUMN account_id TO account_id_keel_old;
ALTER TABLE public.events RENAME COLUMN account_id_keel_new TO account_id;
ALTER TABLE public.events ALTER COLUMN account_id_keel_old DROP NOT NULL;
DROP INDEX public.events_account_id_occurred_at_idx;
ALTER INDEX public.events_account_id_occurred_at_idx_keel_new RENAME TO events_account_id_occurred_at_idx;
COMMIT;

-- ==== phase 3: contract ====
-- Deploy the application that no longer uses what this phase removes first.

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 17: drop column public.events.account_id_keel_old
ALTER TABLE public.events DROP COLUMN account_id_keel_old;
DROP FUNCTION public.events_account_id_keel_sync();

-- step 18: drop column public.events.payload_keel_old
ALTER TABLE public.events DROP COLUMN payload_keel_old;
DROP FUNCTION public.events_payload_keel_sync();
COMMIT;
