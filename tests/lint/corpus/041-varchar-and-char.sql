-- varchar without a length is text by another name.
-- expect: prefer-text@5
-- expect: prefer-text@6
CREATE TABLE countries (
  code char(2) NOT NULL,
  name varchar(80) NOT NULL,
  notes varchar
);
