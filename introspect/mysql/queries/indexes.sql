-- Every key part of every index, PRIMARY included. MySQL 8 has an EXPRESSION column for
-- functional key parts (introspect.cpp swaps it in); MariaDB has none.
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE,
       INDEX_COMMENT, NULL AS EXPRESSION
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
