-- The IT service partners' directory entries (partner.registered, partner.updated), so that the answers of an
-- advisory can name a partner without reading the whole log.
CREATE INDEX audit_log_partner_entries_idx ON audit_log (idx) WHERE type IN ('partner.registered', 'partner.updated');
