-- Constant and stable defaults do not rewrite (PostgreSQL 11 and later).
-- expect: nothing (a safe pattern)
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();
