-- expect: constraint-without-not-valid@4
SET lock_timeout = '2s';
ALTER TABLE orders
  ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
