-- Delivery status notifications (RFC 3464) received at POST /api/bounces: one row per reported mail, recipient,
-- action and status, so the same report posted twice is recorded (and announced as email.bounced) once.
CREATE TABLE email_bounce (
    notification_id UUID        NOT NULL,
    recipient       TEXT        NOT NULL,
    action          TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    advisory_id     TEXT        NOT NULL,
    practice_id     TEXT        NOT NULL,
    permanent       BOOLEAN     NOT NULL,
    diagnostic      TEXT,
    report_id       TEXT,
    received_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (notification_id, recipient, action, status)
);
