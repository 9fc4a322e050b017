-- The schema tells the key column is integer.
-- lint-schema: ../schemas/app.sql
-- expect: add-unique-constraint@7
-- expect: int-primary-key@7
-- expect-without-schema: add-unique-constraint@7
SET lock_timeout = '2s';
ALTER TABLE legacy_counts ADD CONSTRAINT legacy_counts_pkey PRIMARY KEY (n);
