-- An inline REFERENCES cannot be NOT VALID.
-- expect: constraint-without-not-valid@4
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);
