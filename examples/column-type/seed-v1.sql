INSERT INTO events (account_id, kind, payload, attempts)
SELECT i % 97, 'signup', '{"n": ' || i || ', "source": "web"}', i % 3
FROM generate_series(1, 3000) AS i;
