-- Further fields of a practice's directory entry that choose a guide's variant (e.g. konnektor_model).
ALTER TABLE practice ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}'::jsonb;
