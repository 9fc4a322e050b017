CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- int -> bigint: a new representation, every row rewritten.
    account_id bigint NOT NULL,
    -- varchar(40) -> text: binary-coercible, no rewrite.
    kind text NOT NULL,
    -- text -> jsonb: parsed and rewritten.
    payload jsonb NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_account_id_occurred_at_idx ON events (account_id, occurred_at);
