-- The schema the context cases of tests/lint/corpus run against (lint-schema: ../schemas/app.sql):
-- what production holds before the migration.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name varchar(40),
  age integer,
  mood mood,
  CONSTRAINT users_age_nn CHECK (age IS NOT NULL)
);

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  total numeric(12,2),
  note varchar(100)
);
CREATE INDEX orders_user_idx ON orders (user_id);

CREATE TABLE legacy_counts (n integer NOT NULL, label text);

CREATE TABLE audit (id bigint, at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX audit_id_key ON audit (id);

CREATE TABLE measurements (at timestamptz NOT NULL, value double precision) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX measurements_value_idx ON measurements (value);
