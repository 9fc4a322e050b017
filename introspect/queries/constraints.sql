-- Table constraints (p, u, c, f, x), one row per constrained column position (one row with
-- NULL position for CHECK and EXCLUDE). Local and referenced columns share the position.
-- Constraints a child inherits (conislocal false) are left out: see model::Table.
SELECT n.nspname, c.relname, con.conname, con.contype::text AS contype,
       k.pos, la.attname AS column_name, ra.attname AS ref_column,
       rn.nspname AS ref_schema, rc.relname AS ref_table,
       con.confupdtype::text AS on_update, con.confdeltype::text AS on_delete,
       con.confmatchtype::text AS match,
       con.condeferrable, con.condeferred, NOT con.convalidated AS not_valid,
       con.connoinherit,
       COALESCE(i.indnullsnotdistinct, false) AS nulls_not_distinct,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END
         AS check_expr,
       CASE WHEN con.contype = 'x' THEN pg_catalog.pg_get_constraintdef(con.oid) END
         AS definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_index i ON con.contype = 'u' AND i.indexrelid = con.conindid
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN LATERAL ROWS FROM (
    pg_catalog.unnest(CASE WHEN con.contype IN ('p', 'u', 'f') THEN con.conkey END),
    pg_catalog.unnest(CASE WHEN con.contype = 'f' THEN con.confkey END))
  WITH ORDINALITY AS k(attnum, refnum, pos) ON true
LEFT JOIN pg_catalog.pg_attribute la ON la.attrelid = con.conrelid AND la.attnum = k.attnum
LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum
WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND con.conislocal
  AND c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", con.conname COLLATE "C", k.pos
