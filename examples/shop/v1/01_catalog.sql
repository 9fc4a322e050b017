-- The shop, first release.
CREATE TABLE customers (
    id serial PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
    id bigserial PRIMARY KEY,
    sku varchar(32) NOT NULL,
    title text NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price >= 0),
    legacy_code text
);

CREATE UNIQUE INDEX products_sku_idx ON products (sku);

COMMENT ON TABLE customers IS 'People who buy things';
