-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 8 steps

-- ==== phase 1: expand ====

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add column public.items.qty_keel_new (bigint) beside qty
ALTER TABLE public.items ADD COLUMN qty_keel_new bigint;

-- step 2: sync qty_keel_new from public.items.qty on every write
CREATE FUNCTION public.items_qty_keel_sync() RETURNS trigger LANGUAGE plpgsql AS $keel$
BEGIN
  NEW.qty_keel_new := NEW.qty::bigint;
  RETURN NEW;
END
$keel$;
CREATE TRIGGER items_qty_keel_sync BEFORE INSERT OR UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.items_qty_keel_sync();
COMMIT;

-- ==== phase 2: backfill ====
-- Batched updates, each batch its own transaction; safe to re-run.

-- step 3: backfill qty_keel_new from public.items.qty (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DO $keel$
DECLARE
  keel_last_1 bigint;
  keel_end_1 bigint;
  keel_started boolean := false;
BEGIN
  SELECT id INTO keel_end_1 FROM public.items ORDER BY id DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  LOOP
    IF keel_started THEN
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.items WHERE (id) > (keel_last_1) AND (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.items AS keel_row SET qty_keel_new = qty::bigint FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND qty_keel_new IS NULL AND qty IS NOT NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    ELSE
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.items WHERE (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.items AS keel_row SET qty_keel_new = qty::bigint FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND qty_keel_new IS NULL AND qty IS NOT NULL
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

-- step 4: add check public.items.qty_keel_new IS NOT NULL (not valid)
ALTER TABLE public.items ADD CONSTRAINT qty_keel_new_keel_not_null CHECK (qty_keel_new IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 5: validate check public.items.qty_keel_new IS NOT NULL
ALTER TABLE public.items VALIDATE CONSTRAINT qty_keel_new_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 6: set not null on public.items.qty_keel_new
ALTER TABLE public.items ALTER COLUMN qty_keel_new SET NOT NULL;
ALTER TABLE public.items DROP CONSTRAINT qty_keel_new_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 7: swap public.items.qty to bigint
DROP TRIGGER items_qty_keel_sync ON public.items;
ALTER TABLE public.items RENAME COLUMN qty TO qty_keel_old;
ALTER TABLE public.items RENAME COLUMN qty_keel_new TO qty;
ALTER TABLE public.items ALTER COLUMN qty_keel_old DROP DEFAULT;
ALTER TABLE public.items ALTER COLUMN qty_keel_old DROP NOT NULL;
ALTER TABLE public.items ALTER COLUMN qty SET DEFAULT 0;
COMMIT;

-- ==== phase 3: contract ====
-- Deploy the application that no longer uses what this phase removes first.

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 8: drop column public.items.qty_keel_old
ALTER TABLE public.items DROP COLUMN qty_keel_old;
DROP FUNCTION public.items_qty_keel_sync();
COMMIT;
