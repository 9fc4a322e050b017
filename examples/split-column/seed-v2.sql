-- The application's backfill between releases 2 and 3: touching each row fires the trigger.
-- On a big table run it in key ranges (see README.md).
UPDATE customers SET full_name = full_name WHERE first_name IS NULL;
