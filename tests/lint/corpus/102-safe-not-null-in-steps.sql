-- Nullable add, default, backfill, check NOT VALID, VALIDATE, SET NOT NULL.
-- expect: nothing (a safe pattern)
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN plan text;
ALTER TABLE users ALTER COLUMN plan SET DEFAULT 'free';
UPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 10000 AND plan IS NULL;
ALTER TABLE users ADD CONSTRAINT users_plan_nn CHECK (plan IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_plan_nn;
ALTER TABLE users ALTER COLUMN plan SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_plan_nn;
