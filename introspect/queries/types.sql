-- User types and extensions in one query (kind: enum, domain, check, composite, extension), one
-- row per enum label, domain, domain CHECK constraint, composite attribute and extension.
-- Types owned by an extension (pg_depend deptype 'e'), array and table row types are left out;
-- format_type() runs with search_path = the default schema. plpgsql ships with every database.
WITH user_types AS (
  SELECT t.oid, t.typname, t.typtype, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault,
         t.typcollation, t.typrelid, n.nspname,
         pg_catalog.obj_description(t.oid, 'pg_type') AS description
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'c')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
    AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
    AND n.nspname NOT LIKE 'pg\_toast%'
    AND n.nspname NOT LIKE 'pg\_temp%'
    AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_catalog.pg_class c
                              WHERE c.oid = t.typrelid) = 'c')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_type'::regclass
                      AND d.objid = t.oid AND d.deptype = 'e')
)
SELECT 'enum' AS kind, ut.nspname, ut.typname AS name, e.enumlabel::text AS sub_name,
       e.enumsortorder::float8 AS pos, NULL::text AS type, false AS not_null,
       NULL::text AS default_expr, NULL::text AS collation, ut.description
FROM user_types ut
JOIN pg_catalog.pg_enum e ON e.enumtypid = ut.oid
UNION ALL
SELECT 'domain', ut.nspname, ut.typname, NULL, 0,
       pg_catalog.format_type(ut.typbasetype, ut.typtypmod), ut.typnotnull, ut.typdefault,
       CASE WHEN ut.typcollation <> bt.typcollation AND ut.typcollation <> 0 THEN
         CASE WHEN cn.nspname IN ('pg_catalog', pg_catalog.current_schema()) THEN pg_catalog.quote_ident(co.collname)
              ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END
       END,
       ut.description
FROM user_types ut
JOIN pg_catalog.pg_type bt ON bt.oid = ut.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = ut.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE ut.typtype = 'd'
UNION ALL
SELECT 'check', ut.nspname, ut.typname, con.conname::text, 0,
       pg_catalog.pg_get_constraintdef(con.oid), false, NULL, NULL, NULL
FROM user_types ut
JOIN pg_catalog.pg_constraint con ON con.contypid = ut.oid
WHERE ut.typtype = 'd' AND con.contype = 'c'
UNION ALL
SELECT 'composite', ut.nspname, ut.typname, a.attname::text, a.attnum,
       pg_catalog.format_type(a.atttypid, a.atttypmod), false, NULL,
       CASE WHEN a.attcollation <> at.typcollation AND a.attcollation <> 0 THEN
         CASE WHEN cn.nspname IN ('pg_catalog', pg_catalog.current_schema()) THEN pg_catalog.quote_ident(co.collname)
              ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END
       END,
       ut.description
FROM user_types ut
JOIN pg_catalog.pg_attribute a ON a.attrelid = ut.typrelid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE ut.typtype = 'c'
UNION ALL
SELECT 'extension', n.nspname, x.extname, NULL, 0, x.extversion, false, NULL, NULL,
       pg_catalog.obj_description(x.oid, 'pg_extension')
FROM pg_catalog.pg_extension x
JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
WHERE x.extname <> 'plpgsql'
  -- Extensions are database-wide: a --in-schema target does not manage them.
  AND pg_catalog.current_setting('keel.in_schema') = ''
ORDER BY kind, nspname, name, pos, sub_name
