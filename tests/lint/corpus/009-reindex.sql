-- expect: reindex-not-concurrent@2
REINDEX TABLE orders;
