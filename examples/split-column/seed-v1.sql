INSERT INTO customers (full_name, email)
SELECT CASE WHEN i % 10 = 0 THEN 'Cher' ELSE 'Ada' || i || ' Lovelace King' END,
       'c' || i || '@example.com'
FROM generate_series(1, 1500) AS i;
