-- A table created in the same file holds no rows: no online pattern needed.
-- expect: nothing (a safe pattern)
CREATE TABLE coupons (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX coupons_code_key ON coupons (code);
ALTER TABLE coupons ADD CONSTRAINT coupons_code_len CHECK (char_length(code) <= 32);
ALTER TABLE coupons ADD COLUMN owner_id bigint NOT NULL;
