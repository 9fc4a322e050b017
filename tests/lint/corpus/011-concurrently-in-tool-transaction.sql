-- A migration tool that wraps each file in a transaction.
-- lint-option: in-transaction
-- expect: concurrently-in-transaction@4
CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);
