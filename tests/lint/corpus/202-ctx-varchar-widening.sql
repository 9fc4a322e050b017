-- lint-schema: ../schemas/app.sql
-- expect: prefer-text@6
-- expect-without-schema: column-type-rewrite@6
-- expect-without-schema: prefer-text@6
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN note TYPE varchar(200);
