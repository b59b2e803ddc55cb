-- Letters and print batches (issue 6).

-- One row per LETTER notification: at most one letter is ever printed for a notification (the primary key).
-- QUEUED -> BATCHED (in a claimed batch) -> HANDED_OVER (rendered, the sink accepted the batch) -> POSTED (the
-- provider's dispatch report); SKIPPED when the practice had confirmed everything (or was excluded) before its
-- later-step letter was printed.
CREATE TABLE letter (
    notification_id UUID PRIMARY KEY,
    advisory_id     TEXT        NOT NULL,
    practice_id     TEXT        NOT NULL,
    step            TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('QUEUED', 'BATCHED', 'HANDED_OVER', 'POSTED', 'SKIPPED')),
    queued_at       TIMESTAMPTZ NOT NULL,
    batch_id        TEXT,
    batch_position  INT,
    first_page      INT,
    pages           INT,
    posted_on       DATE,
    detail          TEXT
);
CREATE INDEX letter_queued_idx ON letter (queued_at) WHERE status = 'QUEUED';
CREATE INDEX letter_batch_idx ON letter (batch_id, practice_id);

-- A print batch: one merged PDF plus a manifest, handed to the print sink.
-- CLAIMED (letters assigned, committed) -> HANDED_OVER (rendered, accepted by the sink, events recorded).
CREATE TABLE print_batch (
    batch_id     TEXT PRIMARY KEY,
    status       TEXT        NOT NULL CHECK (status IN ('CLAIMED', 'HANDED_OVER')),
    letter_date  DATE        NOT NULL,
    letters      INT         NOT NULL,
    pages        INT,
    sink         TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    handed_at    TIMESTAMPTZ
);
