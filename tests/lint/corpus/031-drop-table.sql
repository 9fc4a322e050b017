-- expect: drop-table@3
SET lock_timeout = '2s';
DROP TABLE IF EXISTS sessions;
