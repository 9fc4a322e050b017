-- What a naive add_reference generates: three findings.
-- expect: missing-lock-timeout@5
-- expect: index-not-concurrent@6
-- expect: constraint-without-not-valid@7
ALTER TABLE orders ADD COLUMN coupon_id bigint;
CREATE INDEX index_orders_on_coupon_id ON orders (coupon_id);
ALTER TABLE orders ADD CONSTRAINT fk_orders_coupon FOREIGN KEY (coupon_id) REFERENCES coupons (id);
