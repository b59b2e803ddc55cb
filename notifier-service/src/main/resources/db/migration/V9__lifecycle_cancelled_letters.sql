-- The advisory's lifecycle (docs/lifecycle.md): a letter whose advisory was withdrawn or closed before it went to
-- the printer is CANCELLED (never printed); a claimed batch left with no letter to print is CANCELLED too.
ALTER TABLE letter DROP CONSTRAINT letter_status_check;
ALTER TABLE letter ADD CONSTRAINT letter_status_check
    CHECK (status IN ('QUEUED', 'BATCHED', 'HANDED_OVER', 'POSTED', 'SKIPPED', 'CANCELLED'));
ALTER TABLE print_batch DROP CONSTRAINT print_batch_status_check;
ALTER TABLE print_batch ADD CONSTRAINT print_batch_status_check
    CHECK (status IN ('CLAIMED', 'HANDED_OVER', 'CANCELLED'));
-- the withdrawal's answer and the advisory's page list the batches that carried an advisory's letters
CREATE INDEX letter_advisory_batch_idx ON letter (advisory_id, batch_id) WHERE batch_id IS NOT NULL;
