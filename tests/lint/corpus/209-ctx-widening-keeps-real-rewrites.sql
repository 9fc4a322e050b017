-- integer to bigint rewrites with or without the schema.
-- lint-schema: ../schemas/app.sql
-- expect: column-type-rewrite@6
-- expect-without-schema: column-type-rewrite@6
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN age TYPE bigint;
