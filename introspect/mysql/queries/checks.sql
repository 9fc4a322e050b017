-- CHECK constraints, column and table level (MariaDB names a column's after the column, so
-- names are unique per table only: its CHECK_CONSTRAINTS has TABLE_NAME).
SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, CONSTRAINT_NAME
