-- expect: rename-table@3
SET lock_timeout = '2s';
ALTER TABLE users RENAME TO accounts;
