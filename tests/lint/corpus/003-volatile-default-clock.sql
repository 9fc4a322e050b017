-- clock_timestamp() differs per row, unlike now().
-- expect: volatile-default@5
SET lock_timeout = '2s';
ALTER TABLE events
  ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();
