-- A volatile default rewrites the table.
-- expect: volatile-default@4
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
