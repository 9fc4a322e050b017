-- A table made by CREATE TABLE AS in the same file is not in use yet.
-- expect: nothing (a safe pattern)
CREATE TABLE order_totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;
CREATE INDEX order_totals_user ON order_totals (user_id);
ALTER TABLE order_totals ADD PRIMARY KEY (user_id);
