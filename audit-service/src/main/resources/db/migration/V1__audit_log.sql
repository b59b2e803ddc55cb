-- audit-service schema. PostgreSQL only.
--
-- Production grants. The migrations run as the schema owner (a role of its own, e.g. audit_owner, given to
-- Flyway alone via flyway.datasources.default.url/user/password); the service (datasources.default.username)
-- runs as a role that can append and read but never rewrite history:
--
--   GRANT SELECT, INSERT         ON audit_log, audit_rejects  TO audit_service;
--   GRANT SELECT, INSERT, UPDATE ON audit_consumer_position   TO audit_service;
--   -- no UPDATE, DELETE, TRUNCATE on audit_log or audit_rejects; no ownership, so no ALTER or DISABLE TRIGGER
--
-- The triggers below refuse UPDATE, DELETE and TRUNCATE even for the owner, so a change of history needs an
-- explicit, visible DDL step (disabling a trigger), never a stray statement. The Merkle checkpoints of a later
-- migration make any such change detectable.

-- Canonical JSON is hashed as UTF-8 (see leaf_hash below); the database must store text as UTF-8.
DO $$
BEGIN
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RAISE EXCEPTION 'the audit database must use encoding UTF8, not %', current_setting('server_encoding');
    END IF;
END;
$$;

-- The log. One row per event, in one total order: idx 0, 1, 2, ... without gaps, assigned by the single writer
-- (AuditLogAppender, under an advisory lock) in the transaction that appends the entry.
CREATE TABLE audit_log (
    idx             BIGINT      PRIMARY KEY CHECK (idx >= 0),
    event_id        UUID        NOT NULL UNIQUE,
    type            TEXT        NOT NULL,
    schema_version  INT         NOT NULL,         -- as written by the producer (not upcast)
    occurred_at     TIMESTAMPTZ NOT NULL,         -- the envelope's occurredAt (the producer's clock)
    recorded_at     TIMESTAMPTZ NOT NULL,         -- when the log appended it; never decreases with idx
    advisory_id     TEXT,                         -- the envelope's correlationId
    practice_id     TEXT,                         -- the payload's practiceId
    producer        TEXT,
    topic           TEXT        NOT NULL,
    kafka_partition INT         NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    canonical_json  TEXT        NOT NULL,         -- the record's value in canonical form (CanonicalJson)
    -- RFC 6962 leaf hash: SHA-256(0x00 || UTF-8(canonical_json)); the database checks it on every insert
    leaf_hash       BYTEA       NOT NULL,
    CONSTRAINT audit_log_leaf_hash_check
        CHECK (leaf_hash = sha256('\x00'::bytea || convert_to(canonical_json, 'UTF8'))),
    UNIQUE (topic, kafka_partition, kafka_offset)
);
CREATE INDEX audit_log_advisory_idx ON audit_log (advisory_id, idx);
CREATE INDEX audit_log_practice_idx ON audit_log (practice_id, idx);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at, idx);

-- Records that are not readable events, kept with their raw value so that nothing consumed is lost.
CREATE TABLE audit_rejects (
    topic           TEXT        NOT NULL,
    kafka_partition INT         NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    record_key      TEXT,
    reason          TEXT        NOT NULL,
    raw_base64      TEXT,                         -- NULL for a record without value
    rejected_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);

-- Where the log stands in each partition: the next offset to read. Written in the same transaction as the
-- entries it accounts for, so the log and its position never disagree (Kafka's committed offsets are not used).
CREATE TABLE audit_consumer_position (
    topic           TEXT        NOT NULL,
    kafka_partition INT         NOT NULL,
    next_offset     BIGINT      NOT NULL CHECK (next_offset >= 0),
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

-- Append-only: no UPDATE, DELETE or TRUNCATE, whatever the WHERE clause (statement-level, so even a statement
-- that would touch no row fails).
CREATE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_rejects_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_rejects
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Gapless and in time order, whoever inserts: each new entry takes the next index, and recorded_at never goes
-- back. (A row-level BEFORE trigger sees the rows inserted before it in the same statement and transaction.)
CREATE FUNCTION audit_log_check_append() RETURNS trigger AS $$
DECLARE
    last_idx         BIGINT;
    last_recorded_at TIMESTAMPTZ;
BEGIN
    SELECT idx, recorded_at INTO last_idx, last_recorded_at FROM audit_log ORDER BY idx DESC LIMIT 1;
    IF NEW.idx <> COALESCE(last_idx + 1, 0) THEN
        RAISE EXCEPTION 'audit_log is gapless: the next index is %, not %', COALESCE(last_idx + 1, 0), NEW.idx;
    END IF;
    IF NEW.recorded_at < last_recorded_at THEN
        RAISE EXCEPTION 'audit_log is in time order: recorded_at % is before the last entry''s %',
            NEW.recorded_at, last_recorded_at;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_gapless BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_check_append();
