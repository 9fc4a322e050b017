CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    placed_at timestamptz NOT NULL DEFAULT now(),
    total_cents bigint NOT NULL CONSTRAINT orders_total_cents_check CHECK (total_cents >= 0)
);

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    issued_at timestamptz NOT NULL DEFAULT now()
);

-- Deleting an order checks invoices for references: without this index that is a full scan.
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
