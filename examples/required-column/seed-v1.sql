INSERT INTO accounts (email, name)
SELECT 'user' || i || '@example.com', 'User ' || i FROM generate_series(1, 2500) AS i;
