-- Every account gets an API token (required, unique) and a plan (required, 'free' by default).
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- A constant default: PostgreSQL stores it once, no row is rewritten.
    plan text NOT NULL DEFAULT 'free',
    -- A volatile default: every existing row needs its own value.
    api_token uuid NOT NULL DEFAULT gen_random_uuid()
);

CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));
CREATE UNIQUE INDEX accounts_api_token_key ON accounts (api_token);
