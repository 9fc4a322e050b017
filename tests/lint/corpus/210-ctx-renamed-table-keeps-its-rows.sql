-- A renamed table is still the old table with its rows.
-- lint-schema: ../schemas/app.sql
-- expect: rename-table@8
-- expect: index-not-concurrent@9
-- expect-without-schema: rename-table@8
-- expect-without-schema: index-not-concurrent@9
SET lock_timeout = '2s';
ALTER TABLE users RENAME TO accounts;
CREATE INDEX accounts_email_idx ON accounts (email);
