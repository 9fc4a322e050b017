-- coupons is not in the schema: an earlier file of this release creates it.
-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: index-not-concurrent@6
-- expect-without-schema: missing-lock-timeout@6
CREATE INDEX coupons_code_idx ON coupons (code);
