-- expect: enum-value-removal@5
CREATE TYPE status AS ENUM ('new', 'paid', 'void');
-- later, in the same migration
ALTER TYPE status RENAME TO status_old;
CREATE TYPE status AS ENUM ('new', 'paid');
DROP TYPE status_old;
