-- Base tables of the current database, their options and statistics. TABLE_ROWS is InnoDB's
-- estimate; MySQL 8 caches these columns (information_schema_stats_expiry), MariaDB does not.
SELECT TABLE_NAME, ENGINE, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH AS TOTAL_BYTES,
       AUTO_INCREMENT, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
ORDER BY TABLE_NAME
