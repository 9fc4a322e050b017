-- A NOT VALID check does not spare the scan until it is validated.
-- expect: set-not-null@5
SET lock_timeout = '2s';
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
