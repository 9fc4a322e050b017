-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: drop-table@5
SET lock_timeout = '2s';
DROP TABLE coupons_tmp;
