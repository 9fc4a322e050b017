-- User schemas. Builtin ones (pg_catalog, information_schema, pg_toast*, pg_temp*), keel's own
-- journal schema and extension-owned schemas are left out; "public" is dropped by the caller.
-- Every query reads only schema keel.in_schema when it is set (a --in-schema target).
SELECT n.nspname
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_namespace'::regclass
                    AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C"
