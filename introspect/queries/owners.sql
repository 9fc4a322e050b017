-- The owner of every user relation, schema and function, spelled like privileges.sql spells
-- objects, for leaving out the grants a schema file makes to an object's owner.
SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind, n.nspname,
       c.relname::text AS name, pg_catalog.pg_get_userbyid(c.relowner)::text AS owner
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
UNION ALL
SELECT 'SCHEMA', n.nspname, NULL, pg_catalog.pg_get_userbyid(n.nspowner)::text
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
UNION ALL
SELECT CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname,
       p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')',
       pg_catalog.pg_get_userbyid(p.proowner)::text
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
