-- keel plan
-- from: a copy of the template database
-- to:   desired.sql
-- 1 step

-- step 1: create index public.items_updated_at_idx (outside a transaction)
SET lock_timeout = '2s';
SET statement_timeout = 0;
CREATE INDEX CONCURRENTLY items_updated_at_idx ON public.items (updated_at);
