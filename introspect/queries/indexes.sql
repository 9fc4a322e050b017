-- Indexes that do not back a PRIMARY KEY / UNIQUE / EXCLUDE constraint, one row per index
-- column (key columns first, then INCLUDE columns). Key expressions come from
-- pg_get_indexdef(index, k, true), which prints the bare column or expression. Indexes attached
-- to a parent's index (partitions) are left out: see model::Table.
SELECT n.nspname, ic.relname AS index_name, c.relname AS table_name,
       i.indisunique, i.indnullsnotdistinct, am.amname,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_catalog.array_to_string(ic.reloptions, E'\n') AS options,
       k.pos, k.pos > i.indnkeyatts AS is_include,
       i.indkey[k.pos - 1] = 0 AS is_expression,
       a.attname,
       pg_catalog.pg_get_indexdef(i.indexrelid, k.pos::integer, true) AS key_text,
       CASE WHEN k.pos <= i.indnkeyatts AND NOT opc.opcdefault THEN
         CASE WHEN opcn.nspname IN ('pg_catalog', pg_catalog.current_schema()) THEN pg_catalog.quote_ident(opc.opcname)
              ELSE pg_catalog.quote_ident(opcn.nspname) || '.' || pg_catalog.quote_ident(opc.opcname) END
       END AS opclass,
       CASE WHEN k.pos <= i.indnkeyatts AND i.indcollation[k.pos - 1] <> 0
                 AND CASE WHEN i.indkey[k.pos - 1] <> 0
                          THEN i.indcollation[k.pos - 1] <> a.attcollation
                          -- An expression's own collation is not in the catalogs; the server
                          -- prints COLLATE exactly when the index's differs from it.
                          ELSE pg_catalog.strpos(pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
                                 pg_catalog.pg_get_indexdef(i.indexrelid, k.pos::integer, true)
                                 || ' COLLATE ') > 0
                     END THEN
         CASE WHEN coln.nspname IN ('pg_catalog', pg_catalog.current_schema()) THEN pg_catalog.quote_ident(col.collname)
              ELSE pg_catalog.quote_ident(coln.nspname) || '.' || pg_catalog.quote_ident(col.collname) END
       END AS collation,
       CASE WHEN k.pos <= i.indnkeyatts THEN i.indoption[k.pos - 1] ELSE 0 END AS option,
       ia.attstattarget AS statistics
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts::integer) AS k(pos)
JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.pos
LEFT JOIN pg_catalog.pg_attribute a
  ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.pos - 1] AND i.indkey[k.pos - 1] <> 0
LEFT JOIN pg_catalog.pg_opclass opc
  ON k.pos <= i.indnkeyatts AND opc.oid = i.indclass[k.pos - 1]
LEFT JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace
LEFT JOIN pg_catalog.pg_collation col
  ON k.pos <= i.indnkeyatts AND col.oid = i.indcollation[k.pos - 1]
LEFT JOIN pg_catalog.pg_namespace coln ON coln.oid = col.collnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                    AND con.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid IN (c.oid, ic.oid) AND d.deptype = 'e')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ih WHERE ih.inhrelid = i.indexrelid)
ORDER BY n.nspname COLLATE "C", ic.relname COLLATE "C", k.pos
