-- The directory fields that choose a guide's variant (e.g. konnektor_model), as practice.registered/updated carry
-- them in practice.attributes.
ALTER TABLE practice ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}'::jsonb;
