-- Comments on schemas, tables, columns, indexes, sequences and table constraints. kind is one
-- of schema, table, column, index, sequence, constraint; sub_name is the column or constraint.
-- Comments on objects outside keel's scope are dropped by the caller.
SELECT 'schema' AS kind, n.nspname, NULL::name AS obj_name, NULL::name AS sub_name,
       ds.description
FROM pg_catalog.pg_description ds
JOIN pg_catalog.pg_namespace n ON n.oid = ds.objoid
WHERE ds.classoid = 'pg_catalog.pg_namespace'::regclass AND ds.objsubid = 0
UNION ALL
SELECT CASE WHEN ds.objsubid <> 0 THEN 'column'
            WHEN c.relkind IN ('r', 'p') THEN 'table'
            WHEN c.relkind IN ('i', 'I') THEN 'index'
            ELSE 'sequence' END,
       n.nspname, c.relname, a.attname, ds.description
FROM pg_catalog.pg_description ds
JOIN pg_catalog.pg_class c ON c.oid = ds.objoid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ds.objsubid
WHERE ds.classoid = 'pg_catalog.pg_class'::regclass
  AND c.relkind IN ('r', 'p', 'i', 'I', 'S')
  AND (ds.objsubid = 0 OR (c.relkind IN ('r', 'p') AND NOT a.attisdropped))
UNION ALL
SELECT 'constraint', n.nspname, c.relname, con.conname, ds.description
FROM pg_catalog.pg_description ds
JOIN pg_catalog.pg_constraint con ON con.oid = ds.objoid
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ds.classoid = 'pg_catalog.pg_constraint'::regclass
ORDER BY kind, nspname, obj_name, sub_name
