-- keel plan
-- from: examples/split-column/v1
-- to:   examples/split-column/v2
-- 4 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 1: create function public.customers_split_name()
CREATE FUNCTION public.customers_split_name()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF NEW.first_name IS NULL AND NEW.last_name IS NULL THEN
        NEW.first_name := split_part(NEW.full_name, ' ', 1);
        NEW.last_name := nullif(substr(NEW.full_name, length(NEW.first_name) + 2), '');
    END IF;
    RETURN NEW;
END
$function$;

-- step 2: add column public.customers.first_name
ALTER TABLE public.customers ADD COLUMN first_name text;

-- step 3: add column public.customers.last_name
ALTER TABLE public.customers ADD COLUMN last_name text;

-- step 4: create trigger customers_split_name on public.customers
CREATE TRIGGER customers_split_name BEFORE INSERT OR UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION customers_split_name();
COMMIT;
