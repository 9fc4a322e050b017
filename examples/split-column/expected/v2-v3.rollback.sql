-- keel rollback script
-- from: examples/split-column/v2
-- to:   examples/split-column/v3
-- 5 steps

BEGIN;
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = '60s';

-- step 6: undo: drop function public.customers_split_name()
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

-- step 5: undo: drop column public.customers.full_name
ALTER TABLE public.customers ADD COLUMN full_name text;
DO $keel$ BEGIN IF NOT EXISTS (SELECT FROM public.customers) THEN ALTER TABLE public.customers ALTER COLUMN full_name SET NOT NULL; END IF; END $keel$;

-- step 4: undo: drop trigger customers_split_name on public.customers
CREATE TRIGGER customers_split_name BEFORE INSERT OR UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION customers_split_name();

-- step 3: undo: set not null on public.customers.first_name
ALTER TABLE public.customers ALTER COLUMN first_name DROP NOT NULL;

-- step 1: undo: add check public.customers.first_name IS NOT NULL (not valid)
ALTER TABLE public.customers DROP CONSTRAINT IF EXISTS first_name_keel_not_null;
COMMIT;
