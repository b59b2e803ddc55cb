-- A mail the relay deferred (4xx, connection failure, timeout) waits here for its next attempt, across restarts,
-- until it is sent, rejected for good, or its deadline (first attempt + retry-deadline) passes. Several notifier
-- instances share the due rows with SELECT ... FOR UPDATE SKIP LOCKED (EmailRetrier).
CREATE TABLE email_retry (
    notification_id  UUID PRIMARY KEY,
    advisory_id      TEXT        NOT NULL,
    practice_id      TEXT        NOT NULL,
    notification     TEXT        NOT NULL, -- the notification.requested payload (JSON), to render the mail again
    attempts         INT         NOT NULL,
    first_attempt_at TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    deadline         TIMESTAMPTZ NOT NULL,
    smtp_code        INT,
    detail           TEXT
);
CREATE INDEX email_retry_due_idx ON email_retry (next_attempt_at);
