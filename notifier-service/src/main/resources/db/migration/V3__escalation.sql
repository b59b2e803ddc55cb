-- Reminders and escalation (issue 6).

-- What ack-service reported on the acknowledgements topic: the notifier's own projection, fed by
-- ConfirmationListener. The latest confirmation per credential wins.
CREATE TABLE confirmed_acknowledgement (
    advisory_id  TEXT        NOT NULL,
    practice_id  TEXT        NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id)
);
CREATE TABLE confirmed_credential (
    advisory_id   TEXT        NOT NULL,
    practice_id   TEXT        NOT NULL,
    credential_id TEXT        NOT NULL,
    status        TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id, credential_id)
);

-- One schedule per published advisory.
CREATE TABLE escalation (
    advisory_id  TEXT PRIMARY KEY,
    credentials  TEXT[]      NOT NULL,
    deadline     DATE        NOT NULL,
    letters      BOOLEAN     NOT NULL, -- the advisory allows the letter channel
    paused       BOOLEAN     NOT NULL DEFAULT false,
    published_at TIMESTAMPTZ NOT NULL
);

-- The practices an advisory targets, as the directory stood at publication.
CREATE TABLE escalation_target (
    advisory_id TEXT NOT NULL,
    practice_id TEXT NOT NULL,
    PRIMARY KEY (advisory_id, practice_id)
);

-- The steps of each schedule and whether they fired.
CREATE TABLE escalation_step (
    advisory_id  TEXT        NOT NULL REFERENCES escalation (advisory_id),
    step         TEXT        NOT NULL CHECK (step IN ('reminder', 'letter', 'final-list')),
    due_at       TIMESTAMPTZ NOT NULL,
    fired_at     TIMESTAMPTZ,
    trigger      TEXT,
    triggered_by TEXT,
    PRIMARY KEY (advisory_id, step)
);
CREATE INDEX escalation_step_due_idx ON escalation_step (due_at) WHERE fired_at IS NULL;

-- Every notification a step (or a bounce) requested for a practice: never twice for a practice and step.
CREATE TABLE escalation_sent (
    advisory_id     TEXT        NOT NULL,
    practice_id     TEXT        NOT NULL,
    step            TEXT        NOT NULL,
    notification_id UUID        NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT escalation_once_per_practice_and_step UNIQUE (advisory_id, practice_id, step)
);

-- Practices taken out of an advisory's escalation by hand, with the reason.
CREATE TABLE escalation_exclusion (
    advisory_id TEXT        NOT NULL,
    practice_id TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    excluded_by TEXT        NOT NULL,
    excluded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id)
);

-- The final list as it stood when the deadline step fired (the CSV endpoint serves it from here).
CREATE TABLE escalation_final_list (
    advisory_id   TEXT    NOT NULL,
    practice_id   TEXT    NOT NULL,
    practice_name TEXT,
    acknowledged  BOOLEAN NOT NULL,
    missing       TEXT[]  NOT NULL, -- credential ids not confirmed
    PRIMARY KEY (advisory_id, practice_id)
);

-- The practices that acknowledged an advisory and confirmed every credential it asks for: they are done, and
-- no step reaches them any more.
CREATE VIEW practice_confirmed_everything AS
SELECT a.advisory_id, a.practice_id
  FROM confirmed_acknowledgement a
  JOIN escalation e ON e.advisory_id = a.advisory_id
 WHERE NOT EXISTS (SELECT 1 FROM unnest(e.credentials) AS required(credential_id)
                    WHERE NOT EXISTS (SELECT 1 FROM confirmed_credential c
                                       WHERE c.advisory_id = a.advisory_id AND c.practice_id = a.practice_id
                                         AND c.credential_id = required.credential_id));
