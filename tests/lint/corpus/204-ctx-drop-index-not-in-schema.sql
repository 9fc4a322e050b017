-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: drop-index-not-concurrent@5
-- expect-without-schema: missing-lock-timeout@5
DROP INDEX coupons_code_idx;
