-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 3 steps

-- step 1: build index public.items_parent_idx beside the old one as items_parent_idx_keel_new (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY items_parent_idx_keel_new ON public.items (parent_id, updated_at);

-- step 2: drop index public.items_parent_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
DROP INDEX CONCURRENTLY public.items_parent_idx;

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 3: rename index public.items_parent_idx_keel_new to items_parent_idx
ALTER INDEX public.items_parent_idx_keel_new RENAME TO items_parent_idx;
COMMIT;
