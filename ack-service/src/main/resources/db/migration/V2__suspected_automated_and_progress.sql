-- Issue 4: what "suspected automated" and the extended progress report need, still only from events.

-- The submitting client's /24 or /48 (acknowledgement.recorded client.network), matched against the configured
-- scanner networks when the report is read, so that a change of that list applies to past submissions too.
ALTER TABLE acknowledgement ADD COLUMN client_network INET;

-- email.failed permanent: a bounce (5xx) rather than retries exhausted.
ALTER TABLE email_delivery ADD COLUMN permanent BOOLEAN NOT NULL DEFAULT false;

CREATE INDEX acknowledgement_advisory_idx ON acknowledgement (advisory_id, submitted_at);
