-- expect: drop-index-not-concurrent@3
SET lock_timeout = '2s';
DROP INDEX orders_created_idx;
