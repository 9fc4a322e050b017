-- Sequences, with OWNED BY (pg_depend 'a'). Identity sequences (pg_depend 'i') belong to
-- their identity column and are left out.
SELECT n.nspname, c.relname,
       pg_catalog.format_type(s.seqtypid, NULL) AS type,
       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       own.nspname AS owner_schema, own.relname AS owner_table, own.attname AS owner_column
FROM pg_catalog.pg_sequence s
JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT tn.nspname, t.relname, ta.attname
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_catalog.pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'a'
  ORDER BY tn.nspname COLLATE "C", t.relname COLLATE "C", ta.attname COLLATE "C"
  LIMIT 1) own ON true
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
