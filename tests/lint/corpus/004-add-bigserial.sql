-- A serial column fills every row from nextval().
-- expect: volatile-default@5
-- expect: prefer-identity@5
SET lock_timeout = '2s';
ALTER TABLE events ADD COLUMN seq bigserial;
