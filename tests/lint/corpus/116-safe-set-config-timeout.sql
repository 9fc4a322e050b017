-- expect: nothing (a safe pattern)
SELECT set_config('lock_timeout', '3s', false);
ALTER TABLE users ADD COLUMN nickname text;
