-- expect: add-exclusion-constraint@4
SET lock_timeout = '2s';
ALTER TABLE bookings
  ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
