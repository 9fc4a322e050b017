-- The schema already has CHECK (age IS NOT NULL), validated.
-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: set-not-null@6
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN age SET NOT NULL;
