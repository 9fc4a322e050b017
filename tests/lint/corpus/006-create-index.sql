-- expect: index-not-concurrent@3
SET lock_timeout = '2s';
CREATE INDEX orders_created_idx ON orders (created_at);
