-- keel rollback script
-- from: examples/required-column/v1
-- to:   examples/required-column/v2
-- 5 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 7: undo: set not null on public.accounts.api_token
ALTER TABLE public.accounts ALTER COLUMN api_token DROP NOT NULL;

-- step 5: undo: add check public.accounts.api_token IS NOT NULL (not valid)
ALTER TABLE public.accounts DROP CONSTRAINT IF EXISTS api_token_keel_not_null;
COMMIT;

-- step 3: undo: create index public.accounts_api_token_key (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DROP INDEX CONCURRENTLY public.accounts_api_token_key;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 2: undo: add column public.accounts.plan
ALTER TABLE public.accounts DROP COLUMN plan;

-- step 1: undo: add column public.accounts.api_token (nullable; default for new rows)
ALTER TABLE public.accounts DROP COLUMN api_token;
COMMIT;
