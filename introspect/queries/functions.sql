-- Functions and procedures in user schemas written in sql or plpgsql, not owned by an
-- extension. def is pg_get_functiondef() and comment_sql its COMMENT ON (NULL without one):
-- the parser reads them like a schema file.
SELECT n.nspname, p.proname, pg_catalog.pg_get_functiondef(p.oid) AS def,
       'COMMENT ON ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END ||
         p.oid::pg_catalog.regprocedure::text || ' IS ' ||
         pg_catalog.quote_literal(pg_catalog.obj_description(p.oid, 'pg_proc')) AS comment_sql
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p')
  AND l.lanname IN ('sql', 'plpgsql')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass
                    AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", p.proname COLLATE "C",
         pg_catalog.pg_get_function_identity_arguments(p.oid) COLLATE "C"
