-- lint-schema: ../schemas/app.sql
-- expect: nothing with the schema
-- expect-without-schema: enum-value-removal@5
ALTER TYPE mood RENAME TO mood_old;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
