-- Columns of every table, in declaration order. format_type() runs with search_path = the
-- default schema, so its types print unqualified. The collation is reported only when it
-- differs from the type's default. Columns a child inherits (attislocal false) are left out:
-- see model::Table.
SELECT n.nspname, c.relname, a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
       a.attgenerated::text AS generated,
       a.attidentity::text AS identity,
       CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN
         CASE WHEN cn.nspname IN ('pg_catalog', pg_catalog.current_schema()) THEN pg_catalog.quote_ident(co.collname)
              ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END
       END AS collation,
       a.attstattarget AS statistics
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped AND a.attislocal
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", a.attnum
