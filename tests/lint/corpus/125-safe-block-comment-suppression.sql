-- expect: nothing (a safe pattern)
SET lock_timeout = '2s';
/* keel-lint: ignore rename-table -- the old name stays as a view below */
ALTER TABLE users RENAME TO accounts;
CREATE VIEW users AS SELECT * FROM accounts;
