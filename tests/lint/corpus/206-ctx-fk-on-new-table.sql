-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: constraint-without-not-valid@5
-- expect-without-schema: missing-lock-timeout@5
ALTER TABLE coupons ADD CONSTRAINT coupons_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id);
