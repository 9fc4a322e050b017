-- expect: nothing (a safe pattern)
-- psql runs each statement in its own transaction here.
CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at);
