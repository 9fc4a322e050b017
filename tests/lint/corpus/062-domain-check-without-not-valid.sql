-- A domain constraint checks every column of that type.
-- expect: constraint-without-not-valid@5
-- expect: set-not-null@6
SET lock_timeout = '2s';
ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
ALTER DOMAIN email SET NOT NULL;
