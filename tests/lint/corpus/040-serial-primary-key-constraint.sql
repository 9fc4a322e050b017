-- expect: prefer-identity@4
-- expect: int-primary-key@6
CREATE TABLE tags (
  id serial,
  label text NOT NULL,
  CONSTRAINT tags_pkey PRIMARY KEY (id)
);
