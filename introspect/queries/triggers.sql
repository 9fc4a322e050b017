-- User triggers (not the internal ones behind foreign keys) on tables in user schemas, not
-- owned by an extension. def is pg_get_triggerdef() and comment_sql its COMMENT ON (NULL
-- without one), followed by ALTER TABLE ... ENABLE/DISABLE TRIGGER when it does not fire in the
-- default mode: the parser reads them like a schema file.
SELECT n.nspname, c.relname, t.tgname,
       pg_catalog.pg_get_triggerdef(t.oid) ||
         CASE t.tgenabled WHEN 'O' THEN ''
           ELSE ';' || chr(10) || 'ALTER TABLE ' || c.oid::pg_catalog.regclass::text ||
                CASE t.tgenabled WHEN 'A' THEN ' ENABLE ALWAYS' WHEN 'R' THEN ' ENABLE REPLICA'
                                 ELSE ' DISABLE' END ||
                ' TRIGGER ' || pg_catalog.quote_ident(t.tgname) END AS def,
       'COMMENT ON TRIGGER ' || pg_catalog.quote_ident(t.tgname) || ' ON ' ||
         c.oid::pg_catalog.regclass::text || ' IS ' ||
         pg_catalog.quote_literal(pg_catalog.obj_description(t.oid, 'pg_trigger')) AS comment_sql
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0  -- clones of a partitioned table's trigger on its partitions
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", t.tgname COLLATE "C"
