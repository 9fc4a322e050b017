INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada'), ('alan@example.com', 'Alan');
INSERT INTO orders (customer_id, status, total, note, legacy_code)
  VALUES (1, 'paid', 12.50, 'gift', 'A1'), (2, 'new', 3.00, NULL, NULL);
