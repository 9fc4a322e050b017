-- expect: prefer-jsonb@3
SET lock_timeout = '2s';
ALTER TABLE events ADD COLUMN payload json;
