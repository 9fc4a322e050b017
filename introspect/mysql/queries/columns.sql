-- Columns of every table and view, in order. MariaDB quotes literal defaults and writes NULL
-- for an explicit NULL default; MySQL 8 leaves literals unquoted and marks expression defaults
-- DEFAULT_GENERATED in EXTRA.
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME,
       COLLATION_NAME, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION
