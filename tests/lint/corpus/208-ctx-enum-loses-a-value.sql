-- With the schema the removed value is named.
-- lint-schema: ../schemas/app.sql
-- expect: enum-value-removal@6
-- expect-without-schema: enum-value-removal@6
ALTER TYPE mood RENAME TO mood_old;
CREATE TYPE mood AS ENUM ('sad', 'happy');
