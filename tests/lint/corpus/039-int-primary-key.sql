-- expect: int-primary-key@3
CREATE TABLE tags (
  id integer PRIMARY KEY,
  label text NOT NULL
);
