-- notifier-service schema. PostgreSQL.

-- The practice directory. One row per practice, upserted by import.
CREATE TABLE practice (
    practice_id       TEXT PRIMARY KEY,
    name              TEXT        NOT NULL,
    contact_person    TEXT,
    emails            TEXT[]      NOT NULL DEFAULT '{}',
    street            TEXT,
    postcode          TEXT,
    city              TEXT,
    country           TEXT,
    language          TEXT        NOT NULL CHECK (language IN ('de', 'en')),
    segment           TEXT,
    preferred_channel TEXT        NOT NULL CHECK (preferred_channel IN ('EMAIL', 'LETTER', 'BOTH')),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX practice_segment_idx ON practice (segment);

-- Advisories: a draft is edited, a published one is immutable (enforced below).
CREATE TABLE advisory (
    advisory_id   TEXT PRIMARY KEY,
    status        TEXT        NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED')),
    title         TEXT        NOT NULL,
    content       JSONB       NOT NULL, -- texts, credentials, deadline, audience, channels, supersedes
    created_by    TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    published_by  TEXT,
    published_at  TIMESTAMPTZ
);

CREATE FUNCTION advisory_published_is_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'PUBLISHED' THEN
        RAISE EXCEPTION 'advisory % is published and cannot be changed', OLD.advisory_id;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER advisory_immutable BEFORE UPDATE OR DELETE ON advisory
    FOR EACH ROW EXECUTE FUNCTION advisory_published_is_immutable();

-- Transactional outbox: events written in the same transaction as the state they describe,
-- relayed to Kafka in id order by OutboxRelay, then deleted.
CREATE TABLE outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL,
    event_type  TEXT        NOT NULL,
    topic       TEXT        NOT NULL,
    record_key  TEXT        NOT NULL,
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per notification the email worker has finished with; makes redelivered records no-ops.
CREATE TABLE email_delivery (
    notification_id UUID PRIMARY KEY,
    advisory_id     TEXT        NOT NULL,
    practice_id     TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('SENT', 'FAILED')),
    attempts        INT         NOT NULL,
    smtp_code       INT,
    detail          TEXT,
    finished_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX email_delivery_advisory_idx ON email_delivery (advisory_id, status);
