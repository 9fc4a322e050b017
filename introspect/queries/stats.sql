-- Size statistics of the same tables, for the risk model. reltuples is -1 until the table is
-- first analyzed or vacuumed; only then is its size measured on disk. The write rate is rows written per second since the statistics
-- were reset (or the server started), -1 when the server keeps no counters for the table.
SELECT n.nspname, c.relname, c.reltuples::bigint AS est_rows,
       -- pg_total_relation_size opens and locks every table and index: seconds on thousands of
       -- tables. An analyzed table's page counts say the same from the catalog alone.
       CASE WHEN c.reltuples < 0 THEN pg_catalog.pg_total_relation_size(c.oid)
            ELSE (c.relpages::bigint
                  + coalesce((SELECT t.relpages FROM pg_catalog.pg_class t
                              WHERE t.oid = c.reltoastrelid), 0)
                  + coalesce((SELECT sum(ic.relpages) FROM pg_catalog.pg_index i
                              JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                              WHERE i.indrelid = c.oid), 0))
                 * current_setting('block_size')::bigint
       END AS total_bytes,
       CASE WHEN st.relid IS NULL THEN -1::float8
            ELSE (st.n_tup_ins + st.n_tup_upd + st.n_tup_del)::float8 /
                 greatest(1, extract(epoch FROM now() - coalesce(
                   (SELECT stats_reset FROM pg_catalog.pg_stat_database
                    WHERE datname = current_database()),
                   pg_catalog.pg_postmaster_start_time())))
       END AS writes_per_second
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_user_tables st ON st.relid = c.oid
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"
