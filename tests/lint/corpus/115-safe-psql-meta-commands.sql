-- expect: nothing (a safe pattern)
\set ON_ERROR_STOP on
\timing on
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_idx ON orders (user_id);
