-- orders is written hundreds of times a second; invoices was added without its foreign key.
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    placed_at timestamptz NOT NULL DEFAULT now(),
    total_cents bigint NOT NULL
);

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now()
);
