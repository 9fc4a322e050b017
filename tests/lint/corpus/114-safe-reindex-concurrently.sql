-- expect: nothing (a safe pattern)
REINDEX INDEX CONCURRENTLY orders_created_idx;
