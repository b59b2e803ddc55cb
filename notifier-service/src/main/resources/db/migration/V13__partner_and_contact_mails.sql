-- Mails to IT service partners belong to no practice: their delivery, retry and bounce rows have no practice id.
-- A retried partner mail keeps its partner.notification.requested payload (JSON) to be rendered again; a
-- contact's mail names the contact (the letter that replaces a bounced mail is for the contact's attention).
ALTER TABLE email_delivery ALTER COLUMN practice_id DROP NOT NULL;
ALTER TABLE email_delivery ADD COLUMN contact_id TEXT;
ALTER TABLE email_retry ALTER COLUMN practice_id DROP NOT NULL;
ALTER TABLE email_retry ADD COLUMN partner_notification TEXT;
ALTER TABLE email_bounce ALTER COLUMN practice_id DROP NOT NULL;

-- Letters for a contact's attention carry the contact's code.
ALTER TABLE letter ADD COLUMN contact_id TEXT;

-- An IT service partner said a practice's credential is not its job (partner.responsibility.declined): its
-- reminder digests leave that credential out. It confirms nothing.
CREATE TABLE partner_declined (
    advisory_id   TEXT        NOT NULL,
    practice_id   TEXT        NOT NULL,
    credential_id TEXT        NOT NULL,
    partner_id    TEXT        NOT NULL,
    submitted_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (advisory_id, practice_id, credential_id, partner_id)
);

-- The partners responsible for a final list entry's missing credentials; NULL for lists drawn up before partners
-- existed (their CSV keeps the columns it was published with, so its hash still matches).
ALTER TABLE escalation_final_list ADD COLUMN partners TEXT[];
