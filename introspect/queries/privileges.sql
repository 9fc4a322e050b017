-- Granted privileges on relations (and their columns), schemas and functions, one row per
-- (object, grantee, privilege), from aclexplode. Left out, as the model wants: the owner's own
-- privileges, the server's defaults for the kind of object (acldefault: EXECUTE to PUBLIC on
-- functions), and PUBLIC's USAGE on schema public. kind is TABLE, SEQUENCE, SCHEMA, FUNCTION or
-- PROCEDURE; name is the relation or function (with its argument types) name.
WITH objects AS (
  SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind, n.nspname,
         c.relname::text AS name, NULL::name AS column_name, c.relowner AS owner, c.relacl AS acl,
         CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char" AS default_kind
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relacl IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
  UNION ALL
  SELECT 'TABLE', n.nspname, c.relname::text, a.attname, c.relowner, a.attacl, NULL
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
  SELECT 'SCHEMA', n.nspname, NULL, NULL, n.nspowner, n.nspacl, 'n'
  FROM pg_catalog.pg_namespace n
  WHERE n.nspacl IS NOT NULL
  UNION ALL
  SELECT CASE WHEN p.prokind = 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, n.nspname,
         p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', NULL, p.proowner,
         p.proacl, 'f'
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
  WHERE p.proacl IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_proc'::regclass
                      AND d.objid = p.oid AND d.deptype = 'e')
)
SELECT o.kind, o.nspname, o.name, o.column_name,
       CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END
         AS grantee,
       x.privilege_type, x.is_grantable
FROM objects o
CROSS JOIN LATERAL pg_catalog.aclexplode(o.acl) x
WHERE o.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', o.nspname)
  AND o.nspname NOT LIKE 'pg\_toast%' AND o.nspname NOT LIKE 'pg\_temp%'
  AND x.grantee <> o.owner
  AND NOT (o.default_kind IS NOT NULL AND (x.grantee, x.privilege_type, x.is_grantable) IN
           (SELECT d.grantee, d.privilege_type, d.is_grantable
            FROM pg_catalog.aclexplode(pg_catalog.acldefault(o.default_kind, o.owner)) d))
  AND NOT (o.kind = 'SCHEMA' AND o.nspname = 'public' AND x.grantee = 0
           AND x.privilege_type = 'USAGE' AND NOT x.is_grantable)
ORDER BY 1, 2, 3, 4, 5, 6
