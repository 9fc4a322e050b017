-- audit.id is nullable: the primary key sets NOT NULL with a full scan, which only the schema tells.
-- lint-schema: ../schemas/app.sql
-- expect: set-not-null@5
SET lock_timeout = '2s';
ALTER TABLE audit ADD CONSTRAINT audit_pkey PRIMARY KEY USING INDEX audit_id_key;
