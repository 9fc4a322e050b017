-- expect: nothing (a safe pattern)
ALTER DOMAIN email ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%') NOT VALID;
ALTER DOMAIN email VALIDATE CONSTRAINT email_has_at;
