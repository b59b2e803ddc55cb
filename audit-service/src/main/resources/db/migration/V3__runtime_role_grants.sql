-- The production role split (docs/production.md, "PostgreSQL"): Flyway migrates as the schema owner, the service
-- runs as a role that may append and read, never rewrite. Name that role in the Flyway placeholder runtimerole
-- (FLYWAY_DATASOURCES_DEFAULT_PLACEHOLDERS_RUNTIMEROLE=audit); the grants are then given in the same run that
-- creates the tables, so the first start needs no manual step. Empty (the default): the service runs as the owner.
-- A later migration that adds a table grants it the same way.
DO $$
DECLARE
    runtime_role TEXT := '${runtimerole}';
BEGIN
    IF runtime_role <> '' THEN
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime_role);
        EXECUTE format('GRANT SELECT, INSERT ON audit_log, audit_rejects, audit_merkle_node, audit_checkpoint TO %I',
                       runtime_role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON audit_consumer_position TO %I', runtime_role);
        -- Micronaut Flyway also checks the service's own datasource at start: it reads the history, finds nothing
        -- pending and writes nothing
        EXECUTE format('GRANT SELECT ON flyway_schema_history TO %I', runtime_role);
    END IF;
END;
$$;
