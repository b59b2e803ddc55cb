-- A practice's contacts (each with a role and a code of their own) and the IT service partners that look after
-- its credentials, kept with the practice: the fan-out reads a practice in one row.
ALTER TABLE practice ADD COLUMN contacts JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE practice ADD COLUMN partners JSONB NOT NULL DEFAULT '[]'::jsonb;
-- "Which practices does partner X look after": partners holds [{"credentialId": ..., "partnerId": ...}].
CREATE INDEX practice_partners_idx ON practice USING GIN (partners jsonb_path_ops);

-- IT service partners: firms that look after practices' IT. Upserted by import.
CREATE TABLE partner (
    partner_id TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    language   TEXT        NOT NULL CHECK (language IN ('de', 'en')),
    contacts   JSONB       NOT NULL DEFAULT '[]'::jsonb, -- [{"name": ..., "email": ...}]
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
