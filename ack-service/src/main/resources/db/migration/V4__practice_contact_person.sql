-- The practice's contact person, so that the page greets as mail and letter do (the contact if known, otherwise
-- the practice). Practices projected before this column get it with their next registration or update.
ALTER TABLE practice ADD COLUMN contact_person TEXT;
