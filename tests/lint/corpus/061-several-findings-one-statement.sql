-- Each subcommand is checked; findings point at the column or constraint where the tree has its place, else at the statement.
-- expect: set-not-null@7
-- expect: adding-not-null-column@8
-- expect: prefer-text@8
-- expect: constraint-without-not-valid@9
SET lock_timeout = '2s';
ALTER TABLE users
  ADD COLUMN region varchar(8) NOT NULL,
  ADD CONSTRAINT users_region_check CHECK (region <> ''),
  ALTER COLUMN email SET NOT NULL;
