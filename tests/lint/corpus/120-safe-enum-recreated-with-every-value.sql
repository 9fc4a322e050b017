-- expect: nothing (a safe pattern)
CREATE TYPE size AS ENUM ('s', 'm');
ALTER TYPE size RENAME TO size_old;
CREATE TYPE size AS ENUM ('s', 'm', 'l');
