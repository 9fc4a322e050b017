-- Ordinary and partitioned tables in user schemas, not owned by an extension, with their
-- partition key, partition parent and bound, INHERITS parents (schema and name joined by chr(31),
-- parents by chr(30), in order) and storage parameters (sorted, joined by chr(30)).
SELECT n.nspname, c.relname, c.relpersistence = 'u' AS unlogged,
       pg_catalog.pg_get_partkeydef(c.oid) AS partition_by,
       pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
       (SELECT pg_catalog.string_agg(pn.nspname || chr(31) || pc.relname, chr(30)
                                     ORDER BY i.inhseqno)
        FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
        JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = c.oid) AS parents,
       (SELECT pg_catalog.string_agg(o, chr(30) ORDER BY o COLLATE "C")
        FROM pg_catalog.unnest(c.reloptions) AS o) AS options,
       c.relrowsecurity, c.relforcerowsecurity
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
