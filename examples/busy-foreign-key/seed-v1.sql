INSERT INTO orders (total_cents) SELECT i * 100 FROM generate_series(1, 2000) AS i;
INSERT INTO invoices (order_id) SELECT id FROM orders WHERE id % 2 = 0;
