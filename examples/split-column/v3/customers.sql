-- Release 3 (contract): every row has first_name; the application no longer reads full_name.
CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    first_name text NOT NULL,
    last_name text
);
