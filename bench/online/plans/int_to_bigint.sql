-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 1 step

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: alter column public.items.qty (type)
ALTER TABLE public.items ALTER COLUMN qty DROP DEFAULT, ALTER COLUMN qty TYPE bigint USING qty::bigint, ALTER COLUMN qty SET DEFAULT 0;
COMMIT;
