-- expect: nothing (a safe pattern)
CREATE TABLE drafts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text);
ALTER TABLE drafts ALTER COLUMN title TYPE text;
ALTER TABLE drafts ALTER COLUMN title SET NOT NULL;
