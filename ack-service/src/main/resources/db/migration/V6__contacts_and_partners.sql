-- Contacts with roles and IT service partners.

-- A practice's contacts and partner assignments as practice.registered/updated carry them
-- ([{contactId, name, role, ...}], [{credentialId, partnerId}]).
ALTER TABLE practice ADD COLUMN contacts JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE practice ADD COLUMN partners JSONB NOT NULL DEFAULT '[]'::jsonb;

-- IT service partners as the directory knows them; only what the pages and the progress show.
CREATE TABLE partner (
    partner_id TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    language   TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL -- occurredAt of the event that wrote the row: the latest wins
);

-- The contact a notification and its code address (NULL: the practice's general addresses and code).
ALTER TABLE notification ADD COLUMN contact_id TEXT;
ALTER TABLE access_code ADD COLUMN contact_id TEXT;

-- Who used which code: the latest acknowledgement's contact, and every contact that acknowledged.
ALTER TABLE acknowledgement ADD COLUMN contact_id TEXT;
CREATE TABLE contact_acknowledgement (
    advisory_id   TEXT        NOT NULL,
    practice_id   TEXT        NOT NULL,
    contact_id    TEXT        NOT NULL,
    submission_id UUID        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL, -- the contact's first acknowledgement
    PRIMARY KEY (advisory_id, practice_id, contact_id)
);

-- Who gave the latest confirmation of a credential: a practice's contact, or an IT service partner on its page.
ALTER TABLE credential_confirmation ADD COLUMN contact_id TEXT;
ALTER TABLE credential_confirmation ADD COLUMN partner_id TEXT;

-- Partners' codes, by hash only (one per advisory and partner), from partner.notification.requested.
CREATE TABLE partner_access_code (
    code_hash   TEXT PRIMARY KEY CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    advisory_id TEXT NOT NULL,
    partner_id  TEXT NOT NULL,
    language    TEXT,
    expires_at  TIMESTAMPTZ -- NULL: does not expire
);

-- A partner's practices for an advisory and the credentials it is responsible for there, as its initial
-- partner.notification.requested listed them.
CREATE TABLE partner_practice (
    advisory_id    TEXT   NOT NULL,
    partner_id     TEXT   NOT NULL,
    practice_id    TEXT   NOT NULL,
    credential_ids TEXT[] NOT NULL,
    PRIMARY KEY (advisory_id, partner_id, practice_id)
);
CREATE INDEX partner_practice_practice_idx ON partner_practice (advisory_id, practice_id);

-- The partner mails asked for (initial link and reminder digests).
CREATE TABLE partner_notification (
    notification_id UUID PRIMARY KEY,
    advisory_id     TEXT        NOT NULL,
    partner_id      TEXT        NOT NULL,
    step            TEXT        NOT NULL,
    practices       INT         NOT NULL,
    requested_at    TIMESTAMPTZ NOT NULL
);

-- A partner said a credential of a practice is not its job; the latest statement per partner counts until the
-- partner confirms the credential after it.
CREATE TABLE partner_decline (
    advisory_id   TEXT        NOT NULL,
    practice_id   TEXT        NOT NULL,
    credential_id TEXT        NOT NULL,
    partner_id    TEXT        NOT NULL,
    submission_id UUID        NOT NULL,
    confirmed_by  TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id, credential_id, partner_id)
);
