INSERT INTO orders (customer_id, status, total, note) VALUES (1, 'cancelled', 0.00, 'changed mind');
INSERT INTO order_items (order_id, line, sku) VALUES (1, 1, 'BOOK-1'), (3, 1, 'PEN-2');
