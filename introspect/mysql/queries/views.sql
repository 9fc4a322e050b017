-- Views. VIEW_DEFINITION is the server's rewrite of the query (names qualified with the
-- database, aliases added), not the text as written. MySQL 8 has no ALGORITHM column
-- (introspect.cpp asks SHOW CREATE VIEW instead).
SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, ALGORITHM
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME
