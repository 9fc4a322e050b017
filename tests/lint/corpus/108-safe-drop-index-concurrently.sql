-- expect: nothing (a safe pattern)
DROP INDEX CONCURRENTLY IF EXISTS orders_created_idx;
