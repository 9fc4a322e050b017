-- The shop, second release: loyalty points, order lines, a reporting schema.
CREATE SCHEMA reporting;

CREATE TABLE customers (
    id serial PRIMARY KEY,
    email varchar(320) NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    loyalty_points integer NOT NULL DEFAULT 0
);

CREATE TABLE products (
    id bigserial PRIMARY KEY,
    sku varchar(32) NOT NULL,
    title text NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    discontinued boolean NOT NULL DEFAULT false
);

CREATE UNIQUE INDEX products_sku_idx ON products (sku);
CREATE INDEX ON products (lower(title)) WHERE NOT discontinued;

COMMENT ON TABLE customers IS 'People who buy things';
COMMENT ON COLUMN customers.loyalty_points IS 'Earned with every order';
