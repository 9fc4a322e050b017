-- keel plan
-- from: examples/required-column/v1
-- to:   examples/required-column/v2
-- 7 steps

-- ==== phase 1: expand ====

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add column public.accounts.api_token (nullable; default for new rows)
ALTER TABLE public.accounts ADD COLUMN api_token uuid;
ALTER TABLE public.accounts ALTER COLUMN api_token SET DEFAULT gen_random_uuid();

-- step 2: add column public.accounts.plan
ALTER TABLE public.accounts ADD COLUMN plan text DEFAULT 'free' NOT NULL;
COMMIT;

-- step 3: create index public.accounts_api_token_key (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE UNIQUE INDEX CONCURRENTLY accounts_api_token_key ON public.accounts (api_token);

-- ==== phase 2: backfill ====
-- Batched updates, each batch its own transaction; safe to re-run.

-- step 4: backfill public.accounts.api_token (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DO $keel$
DECLARE
  keel_last_1 bigint;
  keel_end_1 bigint;
  keel_started boolean := false;
BEGIN
  SELECT id INTO keel_end_1 FROM public.accounts ORDER BY id DESC LIMIT 1;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  LOOP
    IF keel_started THEN
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.accounts WHERE (id) > (keel_last_1) AND (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.accounts AS keel_row SET api_token = gen_random_uuid() FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND api_token IS NULL
      )
      SELECT keel_k1 INTO keel_last_1 FROM keel_batch ORDER BY keel_k1 DESC LIMIT 1;
    ELSE
      WITH keel_batch AS (
        SELECT id AS keel_k1 FROM public.accounts WHERE (id) <= (keel_end_1)
        ORDER BY id LIMIT 1000
      ), keel_done AS (
        UPDATE public.accounts AS keel_row SET api_token = gen_random_uuid() FROM keel_batch
        WHERE keel_row.id = keel_batch.keel_k1 AND api_token IS NULL
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

-- step 5: add check public.accounts.api_token IS NOT NULL (not valid)
ALTER TABLE public.accounts ADD CONSTRAINT api_token_keel_not_null CHECK (api_token IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '0';

-- step 6: validate check public.accounts.api_token IS NOT NULL
ALTER TABLE public.accounts VALIDATE CONSTRAINT api_token_keel_not_null;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 7: set not null on public.accounts.api_token
ALTER TABLE public.accounts ALTER COLUMN api_token SET NOT NULL;
ALTER TABLE public.accounts DROP CONSTRAINT api_token_keel_not_null;
COMMIT;
