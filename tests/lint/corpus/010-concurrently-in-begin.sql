-- CREATE INDEX CONCURRENTLY cannot run inside BEGIN ... COMMIT.
-- expect: concurrently-in-transaction@4
BEGIN;
CREATE INDEX CONCURRENTLY orders_user_idx ON orders (user_id);
COMMIT;
