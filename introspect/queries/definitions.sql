-- Operators and ordinary aggregates in user schemas, not owned by an extension, as the CREATE
-- statements that make them (def) and their COMMENT ON (comment_sql, NULL without one): the
-- parser reads them like a schema file. Function names print as regproc does under
-- search_path = the default schema: unqualified in pg_catalog and it, as the parser spells them.
SELECT * FROM (
WITH user_ns AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'keel')
    AND pg_catalog.current_setting('keel.in_schema') IN ('', n.nspname)
    AND n.nspname NOT LIKE 'pg\_toast%'
    AND n.nspname NOT LIKE 'pg\_temp%'
),
op_names AS (
  SELECT o.oid, CASE WHEN n.nspname IN ('pg_catalog', pg_catalog.current_schema()) THEN o.oprname
                     ELSE pg_catalog.quote_ident(n.nspname) || '.' || o.oprname END AS name
  FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
)
SELECT n.nspname, o.oprname AS name,
       'CREATE OPERATOR ' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname ||
       ' (FUNCTION = ' || o.oprcode::text ||
       CASE WHEN o.oprleft <> 0 THEN ', LEFTARG = ' || pg_catalog.format_type(o.oprleft, NULL)
            ELSE '' END ||
       CASE WHEN o.oprright <> 0 THEN ', RIGHTARG = ' || pg_catalog.format_type(o.oprright, NULL)
            ELSE '' END ||
       CASE WHEN o.oprcom <> 0 THEN ', COMMUTATOR = OPERATOR(' || com.name || ')' ELSE '' END ||
       CASE WHEN o.oprnegate <> 0 THEN ', NEGATOR = OPERATOR(' || neg.name || ')' ELSE '' END ||
       CASE WHEN o.oprrest <> 0 THEN ', RESTRICT = ' || o.oprrest::text ELSE '' END ||
       CASE WHEN o.oprjoin <> 0 THEN ', JOIN = ' || o.oprjoin::text ELSE '' END ||
       CASE WHEN o.oprcanhash THEN ', HASHES' ELSE '' END ||
       CASE WHEN o.oprcanmerge THEN ', MERGES' ELSE '' END || ')' AS def,
       'COMMENT ON OPERATOR ' || pg_catalog.quote_ident(n.nspname) || '.' || o.oprname || ' (' ||
         CASE WHEN o.oprleft <> 0 THEN pg_catalog.format_type(o.oprleft, NULL) ELSE 'NONE' END ||
         ', ' ||
         CASE WHEN o.oprright <> 0 THEN pg_catalog.format_type(o.oprright, NULL) ELSE 'NONE' END ||
         ') IS ' ||
         pg_catalog.quote_literal(pg_catalog.obj_description(o.oid, 'pg_operator')) AS comment_sql
FROM pg_catalog.pg_operator o
JOIN user_ns n ON n.oid = o.oprnamespace
LEFT JOIN op_names com ON com.oid = o.oprcom
LEFT JOIN op_names neg ON neg.oid = o.oprnegate
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_operator'::regclass
                    AND d.objid = o.oid AND d.deptype = 'e')
UNION ALL
SELECT n.nspname, p.proname,
       'CREATE AGGREGATE ' || pg_catalog.quote_ident(n.nspname) || '.' ||
       pg_catalog.quote_ident(p.proname) || '(' ||
       COALESCE(NULLIF(pg_catalog.pg_get_function_identity_arguments(p.oid), ''), '*') ||
       ') (SFUNC = ' || a.aggtransfn::text ||
       ', STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL) ||
       CASE WHEN a.aggtransspace <> 0 THEN ', SSPACE = ' || a.aggtransspace ELSE '' END ||
       CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::text ELSE '' END ||
       CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END ||
       CASE a.aggfinalmodify WHEN 's' THEN ', FINALFUNC_MODIFY = SHAREABLE'
                             WHEN 'w' THEN ', FINALFUNC_MODIFY = READ_WRITE' ELSE '' END ||
       CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::text ELSE '' END ||
       CASE WHEN a.aggserialfn <> 0 THEN ', SERIALFUNC = ' || a.aggserialfn::text ELSE '' END ||
       CASE WHEN a.aggdeserialfn <> 0 THEN ', DESERIALFUNC = ' || a.aggdeserialfn::text
            ELSE '' END ||
       CASE WHEN a.agginitval IS NOT NULL
            THEN ', INITCOND = ' || pg_catalog.quote_literal(a.agginitval) ELSE '' END ||
       CASE WHEN a.aggmtransfn <> 0 THEN ', MSFUNC = ' || a.aggmtransfn::text ||
                 ', MINVFUNC = ' || a.aggminvtransfn::text ||
                 ', MSTYPE = ' || pg_catalog.format_type(a.aggmtranstype, NULL) ELSE '' END ||
       CASE WHEN a.aggmtransspace <> 0 THEN ', MSSPACE = ' || a.aggmtransspace ELSE '' END ||
       CASE WHEN a.aggmfinalfn <> 0 THEN ', MFINALFUNC = ' || a.aggmfinalfn::text ELSE '' END ||
       CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END ||
       CASE a.aggmfinalmodify WHEN 's' THEN ', MFINALFUNC_MODIFY = SHAREABLE'
                              WHEN 'w' THEN ', MFINALFUNC_MODIFY = READ_WRITE' ELSE '' END ||
       CASE WHEN a.aggminitval IS NOT NULL
            THEN ', MINITCOND = ' || pg_catalog.quote_literal(a.aggminitval) ELSE '' END ||
       CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = OPERATOR(' || so.name || ')' ELSE '' END ||
       CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE'
                          WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END || ')',
       'COMMENT ON AGGREGATE ' || pg_catalog.quote_ident(n.nspname) || '.' ||
         pg_catalog.quote_ident(p.proname) || '(' ||
         COALESCE(NULLIF(pg_catalog.pg_get_function_identity_arguments(p.oid), ''), '*') ||
         ') IS ' || pg_catalog.quote_literal(pg_catalog.obj_description(p.oid, 'pg_proc'))
FROM pg_catalog.pg_aggregate a
JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
JOIN user_ns n ON n.oid = p.pronamespace
LEFT JOIN op_names so ON so.oid = a.aggsortop
WHERE a.aggkind = 'n'
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass
                    AND d.objid = p.oid AND d.deptype = 'e')
) AS defs
ORDER BY nspname COLLATE "C", name COLLATE "C", def COLLATE "C"
