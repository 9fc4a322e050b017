-- Row-level security policies of the tables keel reads. roles: role names joined by newlines,
-- PUBLIC for the public pseudo-role; expressions as pg_get_expr prints them.
SELECT n.nspname, c.relname, p.polname, p.polpermissive,
       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                     WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
       pg_catalog.array_to_string(ARRAY(
         SELECT CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r.oid)::text END
         FROM pg_catalog.unnest(p.polroles) AS r(oid) ORDER BY 1), E'\n') AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr,
       pg_catalog.obj_description(p.oid, 'pg_policy') AS comment
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
  AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", p.polname COLLATE "C"
