-- A published advisory stays immutable; its withdrawal is a fact of its own, recorded once.
CREATE TABLE advisory_retraction (
    advisory_id   TEXT PRIMARY KEY REFERENCES advisory (advisory_id),
    reason        TEXT        NOT NULL,
    superseded_by TEXT REFERENCES advisory (advisory_id),
    retracted_by  TEXT        NOT NULL,
    retracted_at  TIMESTAMPTZ NOT NULL
);
