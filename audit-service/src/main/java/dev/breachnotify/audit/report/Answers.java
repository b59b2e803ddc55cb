package dev.breachnotify.audit.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who gave each answer of an advisory, from the audit log alone: every {@code acknowledgement.recorded},
 * {@code credential.rotation.confirmed} and {@code partner.responsibility.declined} entry with the practice's
 * contact (id, and role and name as the practice's directory entry logged before the answer had them) or the IT
 * service partner (id, and name as its latest directory entry has it) behind it. An answer with neither was given
 * with the practice's general code.
 */
final class Answers {

    /** The answer types. */
    static final String TYPES =
            "('acknowledgement.recorded', 'credential.rotation.confirmed', 'partner.responsibility.declined')";

    /** Every answer of the advisory in log order; parameter: the advisory id. */
    static final String ROWS = """
            WITH answers AS (
                SELECT idx, recorded_at, type, practice_id, event_id, leaf_hash,
                       canonical_json::jsonb -> 'payload' AS p
                  FROM audit_log
                 WHERE advisory_id = ? AND type IN """ + TYPES + """

                OFFSET 0),
            partners AS (
                SELECT DISTINCT ON (partner_id) partner_id, name
                  FROM (SELECT idx, canonical_json::jsonb #>> '{payload,partner,partnerId}' AS partner_id,
                               canonical_json::jsonb #>> '{payload,partner,name}' AS name
                          FROM audit_log
                         WHERE type IN ('partner.registered', 'partner.updated') OFFSET 0) e
                 ORDER BY partner_id, idx DESC)
            SELECT a.idx, a.recorded_at, a.type, a.practice_id, a.p ->> 'credentialId' AS credential_id,
                   a.p ->> 'status' AS status, a.p ->> 'changedOn' AS changed_on,
                   a.p ->> 'contactId' AS contact_id, c.contact ->> 'role' AS contact_role,
                   c.contact ->> 'name' AS contact_name, a.p ->> 'partnerId' AS partner_id, pt.name AS partner_name,
                   a.p ->> 'confirmedBy' AS confirmed_by, a.p ->> 'submittedAt' AS submitted_at, a.event_id,
                   a.leaf_hash
              FROM answers a
              LEFT JOIN LATERAL (
                  SELECT contact
                    FROM (SELECT l.canonical_json::jsonb #> '{payload,practice,contacts}' AS contacts
                            FROM audit_log l
                           WHERE l.practice_id = a.practice_id AND l.idx < a.idx
                             AND l.type IN ('practice.registered', 'practice.updated')
                           ORDER BY l.idx DESC LIMIT 1) latest,
                         jsonb_array_elements(COALESCE(latest.contacts, '[]'::jsonb)) AS contact
                   WHERE a.p ->> 'contactId' IS NOT NULL AND contact ->> 'contactId' = a.p ->> 'contactId'
                   LIMIT 1) c ON true
              LEFT JOIN partners pt ON pt.partner_id = a.p ->> 'partnerId'
             ORDER BY a.idx""";

    /** The answers counted per kind of answerer (contact role, partner, general code); parameter: the advisory. */
    private static final String SUMMARY = """
            SELECT CASE WHEN partner_id IS NOT NULL THEN 'partner'
                        WHEN contact_id IS NOT NULL THEN 'contact'
                        ELSE 'practice' END AS kind,
                   CASE WHEN partner_id IS NOT NULL THEN partner_id
                        WHEN contact_id IS NOT NULL THEN COALESCE(contact_role, '?')
                        ELSE '' END AS who,
                   max(partner_name),
                   count(*) FILTER (WHERE type = 'acknowledgement.recorded'),
                   count(*) FILTER (WHERE type = 'credential.rotation.confirmed'),
                   count(*) FILTER (WHERE type = 'partner.responsibility.declined'),
                   count(DISTINCT practice_id)
              FROM (""" + ROWS + """
            ) answered
             GROUP BY 1, 2
             ORDER BY 1, 2""";

    private Answers() {}

    /** Who answered, counted: the general code first, then contacts by role, then partners by id. */
    static List<EvidenceReport.Answerer> summary(Connection connection, String advisoryId) throws SQLException {
        List<EvidenceReport.Answerer> answerers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SUMMARY)) {
            select.setString(1, advisoryId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    answerers.add(new EvidenceReport.Answerer(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getLong(4),
                            rows.getLong(5),
                            rows.getLong(6),
                            rows.getLong(7)));
                }
            }
        }
        answerers.sort((a, b) -> Integer.compare(order(a.kind()), order(b.kind())));
        return List.copyOf(answerers);
    }

    private static int order(String kind) {
        return switch (kind) {
            case "practice" -> 0;
            case "contact" -> 1;
            default -> 2;
        };
    }
}
