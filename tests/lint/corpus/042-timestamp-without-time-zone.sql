-- expect: prefer-timestamptz@4
CREATE TABLE visits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamp NOT NULL
);
