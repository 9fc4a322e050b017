-- Views and materialized views in user schemas: the body as pg_get_viewdef prints it (pretty,
-- with the caller's search_path = the default schema), reloptions, and the comment. Dependencies are read
-- from the parsed body, as on the file side, not from pg_depend.
SELECT n.nspname, c.relname, c.relkind = 'm' AS materialized,
       pg_catalog.pg_get_viewdef(c.oid, true) AS definition,
       pg_catalog.array_to_string(c.reloptions, ',') AS options,
       pg_catalog.obj_description(c.oid, 'pg_class') AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
