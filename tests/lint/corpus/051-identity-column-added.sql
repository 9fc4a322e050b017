-- Adding an identity column fills every existing row.
-- expect: volatile-default@4
SET lock_timeout = '2s';
ALTER TABLE legacy ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
