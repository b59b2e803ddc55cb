-- Mails to IT service partners belong to no practice: their delivery, retry and bounce rows have no practice id.
-- A retried partner mail keeps its partner.notification.requested payload (JSON) to be rendered again; a
-- contact's mail names the contact (the letter that replaces a bounced mail is for the contact's attention).
ALTER TABLE email_delivery ALTER COLUMN practice_id DROP NOT NULL;
ALTER TABLE email_delivery ADD COLUMN contact_id TEXT;
ALTER TABLE email_retry ALTER COLUMN practice_id DROP NOT NULL;
ALTER TABLE email_retry ADD COLUMN partner_notification TEXT;
ALTER TABLE email_bounce ALTER COLUMN practice_id DROP NOT NULL;
