-- Release 2 (expand): the new columns exist beside the old one, and a trigger fills them from
-- full_name on every write, so old and new application versions both work. Rows written before
-- the trigger are filled by the batched UPDATE in this example's README.
CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    full_name text NOT NULL,
    email text NOT NULL,
    first_name text,
    last_name text
);

CREATE FUNCTION customers_split_name() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.first_name IS NULL AND NEW.last_name IS NULL THEN
        NEW.first_name := split_part(NEW.full_name, ' ', 1);
        NEW.last_name := nullif(substr(NEW.full_name, length(NEW.first_name) + 2), '');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER customers_split_name BEFORE INSERT OR UPDATE ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_split_name();
