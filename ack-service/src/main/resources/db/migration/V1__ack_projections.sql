-- ack-service schema. PostgreSQL. Every table is a projection of Kafka topics and can be rebuilt by
-- replaying them; the only writer besides the listener is the submit path, which applies its own events
-- (deduplicated on event_id, so the listener's later copy is a no-op).

-- Events already applied: delivery is at least once, and the submit path applies its events before the
-- listener sees them.
CREATE TABLE processed_event (
    event_id     UUID PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Practices as the directory knows them; only what the pages show.
CREATE TABLE practice (
    practice_id TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    language    TEXT        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL -- occurredAt of the event that wrote the row: the latest wins
);

-- Published advisories: immutable once published, so the first copy is kept.
CREATE TABLE advisory (
    advisory_id  TEXT PRIMARY KEY,
    content      JSONB       NOT NULL, -- the AdvisoryPublished payload
    deadline     DATE,
    published_at TIMESTAMPTZ NOT NULL
);

-- The notifications fan-out asked for: who is targeted by an advisory.
CREATE TABLE notification (
    notification_id UUID PRIMARY KEY,
    advisory_id     TEXT        NOT NULL,
    practice_id     TEXT        NOT NULL,
    channel         TEXT        NOT NULL,
    step            TEXT,
    requested_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX notification_advisory_idx ON notification (advisory_id, practice_id);

-- Acknowledgement codes, by hash only: the code itself never reaches this service except in a request.
CREATE TABLE access_code (
    code_hash   TEXT PRIMARY KEY CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    advisory_id TEXT        NOT NULL,
    practice_id TEXT        NOT NULL,
    language    TEXT,
    expires_at  TIMESTAMPTZ -- NULL: does not expire
);

-- What happened to each email: one row per notification, a final state (SENT, FAILED) beats DEFERRED, and
-- within the same kind the later attempt wins.
CREATE TABLE email_delivery (
    notification_id UUID PRIMARY KEY,
    advisory_id     TEXT        NOT NULL,
    practice_id     TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('SENT', 'DEFERRED', 'FAILED')),
    attempt         INT         NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX email_delivery_advisory_idx ON email_delivery (advisory_id, practice_id);

-- The latest acknowledgement per (advisory, practice), by submitted_at.
CREATE TABLE acknowledgement (
    advisory_id   TEXT        NOT NULL,
    practice_id   TEXT        NOT NULL,
    submission_id UUID        NOT NULL,
    confirmed_by  TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id)
);

-- The latest confirmation per (advisory, practice, credential), by submitted_at.
CREATE TABLE credential_confirmation (
    advisory_id   TEXT        NOT NULL,
    practice_id   TEXT        NOT NULL,
    credential_id TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('CHANGED', 'CHANGED_BY_PROVIDER', 'NOT_APPLICABLE')),
    changed_on    DATE,
    confirmed_by  TEXT        NOT NULL,
    submission_id UUID        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id, credential_id)
);

-- Each targeted practice's email state for an advisory: SENT once any email to it was accepted, FAILED when
-- its emails failed for good and none was accepted (a candidate for a letter), DEFERRED while retries are
-- pending, NONE without any delivery report (e.g. letter only).
CREATE VIEW practice_delivery AS
SELECT n.advisory_id,
       n.practice_id,
       CASE WHEN bool_or(d.status = 'SENT') THEN 'SENT'
            WHEN bool_or(d.status = 'FAILED') THEN 'FAILED'
            WHEN bool_or(d.status = 'DEFERRED') THEN 'DEFERRED'
            ELSE 'NONE' END AS email_status
  FROM (SELECT DISTINCT advisory_id, practice_id FROM notification
        UNION
        SELECT DISTINCT advisory_id, practice_id FROM email_delivery) n
  LEFT JOIN email_delivery d ON d.advisory_id = n.advisory_id AND d.practice_id = n.practice_id
 GROUP BY n.advisory_id, n.practice_id;
