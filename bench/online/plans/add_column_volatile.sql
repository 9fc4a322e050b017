-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 5 steps

-- ==== phase 1: expand ====

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add column public.items.token (nullable; default for new rows)
ALTER TABLE public.items ADD COLUMN token uuid;
ALTER TABLE public.items ALTER COLUMN token SET DEFAULT gen_random_uuid();
COMMIT;

-- ==== phase 2: backfill ====
-- Batched updates, each batch its own transaction; safe to re-run.

-- step 2: backfill public.items.token (outside a transaction)
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
        UPDATE public.items AS keel_row SET token = gen_random_uuid() FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND token IS NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    ELSE
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.items WHERE (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.items AS keel_row SET token = gen_random_uuid() FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND token IS NULL
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

-- step 3: add check public.items.token IS NOT NULL (not valid)
ALTER TABLE public.items ADD CONSTRAINT token_keel_not_null CHECK (token IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 4: validate check public.items.token IS NOT NULL
ALTER TABLE public.items VALIDATE CONSTRAINT token_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 5: set not null on public.items.token
ALTER TABLE public.items ALTER COLUMN token SET NOT NULL;
ALTER TABLE public.items DROP CONSTRAINT token_keel_not_null;
COMMIT;
