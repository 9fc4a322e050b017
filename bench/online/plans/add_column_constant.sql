-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 1 step

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: add column public.items.status
ALTER TABLE public.items ADD COLUMN status text DEFAULT 'new' NOT NULL;
COMMIT;
