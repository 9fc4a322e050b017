-- users.name is varchar(40): varchar to text rewrites nothing.
-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: column-type-rewrite@6
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN name TYPE text;
