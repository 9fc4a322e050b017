-- expect: add-unique-constraint@3
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN handle text UNIQUE;
