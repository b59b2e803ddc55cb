-- advisory.retracted: the advisory was withdrawn; its pages say so and accept no confirmation.
ALTER TABLE advisory ADD COLUMN retracted_at TIMESTAMPTZ;
ALTER TABLE advisory ADD COLUMN retraction_reason TEXT;
ALTER TABLE advisory ADD COLUMN superseded_by TEXT;
