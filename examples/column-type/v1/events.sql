-- An append-heavy events table whose payload was stored as text and whose counter outgrew int.
CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id integer NOT NULL,
    kind varchar(40) NOT NULL,
    payload text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_account_id_occurred_at_idx ON events (account_id, occurred_at);
