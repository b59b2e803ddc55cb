package dev.breachnotify.ack.progress;

import dev.breachnotify.events.ContactRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress per contact role and per IT service partner: one grouped statement each, so that their cost grows
 * with the advisory's practices and not with the number of roles or partners (see {@code docs/progress.md}).
 */
final class PartnerAndRoleQueries {

    /**
     * The practices fully confirmed: every credential of the advisory answered (by anyone), or, for an advisory
     * without credentials, receipt confirmed. {@code ?1} advisory, {@code ?2} credential ids, {@code ?3} their
     * number.
     */
    private static final String CONFIRMED_WITH_CREDENTIALS = """
            SELECT practice_id FROM credential_confirmation
             WHERE advisory_id = ? AND credential_id = ANY (?)
             GROUP BY practice_id HAVING count(DISTINCT credential_id) = ?""";

    private static final String CONFIRMED_WITHOUT_CREDENTIALS =
            "SELECT practice_id FROM acknowledgement WHERE advisory_id = ?";

    /** Per role: contacts notified with their own code, those that acknowledged, their practices, confirmed. */
    private static final String BY_ROLE = """
            WITH notified AS (
                SELECT DISTINCT practice_id, contact_id FROM notification
                 WHERE advisory_id = ? AND contact_id IS NOT NULL),
            confirmed AS (%s),
            roles AS (
                SELECT DISTINCT ON (x.practice_id, x.contact_id) x.practice_id, x.contact_id, c.role
                  FROM notified x
                  JOIN practice p ON p.practice_id = x.practice_id
                 CROSS JOIN LATERAL jsonb_to_recordset(p.contacts) AS c("contactId" text, role text)
                 WHERE c."contactId" = x.contact_id)
            SELECT r.role, count(*), count(k.contact_id), count(DISTINCT r.practice_id),
                   count(DISTINCT r.practice_id) FILTER (WHERE f.practice_id IS NOT NULL)
              FROM roles r
              LEFT JOIN contact_acknowledgement k
                     ON k.advisory_id = ? AND k.practice_id = r.practice_id AND k.contact_id = r.contact_id
              LEFT JOIN confirmed f ON f.practice_id = r.practice_id
             GROUP BY r.role""";

    /**
     * Per partner: its practices among the targeted ones (the assignment for a credential beats the one for every
     * credential), how many have an answer for each of its credentials, which answers it gave itself, and its
     * declines that no answer followed.
     */
    static final String BY_PARTNER = """
            WITH targeted AS (SELECT DISTINCT practice_id FROM notification WHERE advisory_id = ?),
            assigned AS (
                SELECT DISTINCT ON (t.practice_id, k.credential_id)
                       t.practice_id, k.credential_id, a."partnerId" AS partner_id
                  FROM targeted t
                  JOIN practice p ON p.practice_id = t.practice_id AND p.partners <> '[]'::jsonb
                 CROSS JOIN LATERAL jsonb_to_recordset(p.partners) AS a("credentialId" text, "partnerId" text)
                  JOIN unnest(CAST(? AS text[])) AS k(credential_id)
                    ON a."credentialId" = k.credential_id OR a."credentialId" = '*'
                 WHERE a."partnerId" IS NOT NULL
                 ORDER BY t.practice_id, k.credential_id, a."credentialId" = '*'),
            state AS (
                SELECT s.partner_id, s.practice_id,
                       f.credential_id IS NOT NULL AS answered,
                       f.partner_id IS NOT DISTINCT FROM s.partner_id AND f.credential_id IS NOT NULL AS by_partner,
                       d.partner_id IS NOT NULL
                           AND (f.submitted_at IS NULL OR f.submitted_at < d.submitted_at) AS declined
                  FROM assigned s
                  LEFT JOIN credential_confirmation f
                         ON f.advisory_id = ? AND f.practice_id = s.practice_id AND f.credential_id = s.credential_id
                  LEFT JOIN partner_decline d
                         ON d.advisory_id = ? AND d.practice_id = s.practice_id
                        AND d.credential_id = s.credential_id AND d.partner_id = s.partner_id),
            per_practice AS (
                SELECT partner_id, practice_id, bool_and(answered) AS confirmed,
                       count(*) FILTER (WHERE by_partner) AS by_partner, count(*) FILTER (WHERE declined) AS declined
                  FROM state GROUP BY partner_id, practice_id)
            SELECT x.partner_id, COALESCE(min(n.name), x.partner_id), count(*), count(*) FILTER (WHERE x.confirmed),
                   sum(x.by_partner), sum(x.declined)
              FROM per_practice x
              LEFT JOIN partner n ON n.partner_id = x.partner_id
             GROUP BY x.partner_id
             ORDER BY x.partner_id""";

    private PartnerAndRoleQueries() {}

    /** Every role, in the enum's order, zeros included. */
    static List<AdvisoryProgress.RoleProgress> byRole(Connection connection, String advisoryId, String[] credentialIds)
            throws SQLException {
        Map<String, long[]> counts = new HashMap<>();
        String sql = BY_ROLE.formatted(
                credentialIds.length == 0 ? CONFIRMED_WITHOUT_CREDENTIALS : CONFIRMED_WITH_CREDENTIALS);
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int i = 1;
            query.setString(i++, advisoryId);
            query.setString(i++, advisoryId);
            if (credentialIds.length > 0) {
                query.setArray(i++, connection.createArrayOf("text", credentialIds));
                query.setInt(i++, credentialIds.length);
            }
            query.setString(i, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    counts.put(
                            row.getString(1),
                            new long[] {row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)});
                }
            }
        }
        List<AdvisoryProgress.RoleProgress> roles = new ArrayList<>();
        for (ContactRole role : ContactRole.values()) {
            long[] c = counts.getOrDefault(role.name(), new long[4]);
            roles.add(new AdvisoryProgress.RoleProgress(role.name(), c[0], c[1], c[2], c[3], c[2] - c[3]));
        }
        return List.copyOf(roles);
    }

    /** Every partner responsible for a credential of a targeted practice, by id. */
    static List<AdvisoryProgress.PartnerProgress> byPartner(
            Connection connection, String advisoryId, String[] credentialIds) throws SQLException {
        List<AdvisoryProgress.PartnerProgress> partners = new ArrayList<>();
        if (credentialIds.length == 0) {
            return partners;
        }
        try (PreparedStatement query = connection.prepareStatement(BY_PARTNER)) {
            query.setString(1, advisoryId);
            query.setArray(2, connection.createArrayOf("text", credentialIds));
            query.setString(3, advisoryId);
            query.setString(4, advisoryId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long practices = row.getLong(3);
                    long confirmed = row.getLong(4);
                    partners.add(new AdvisoryProgress.PartnerProgress(
                            row.getString(1),
                            row.getString(2),
                            practices,
                            confirmed,
                            practices - confirmed,
                            row.getLong(5),
                            row.getLong(6)));
                }
            }
        }
        return List.copyOf(partners);
    }

    /** The names of the partners the directory knows, by id. */
    static Map<String, String> partnerNames(Connection connection) throws SQLException {
        Map<String, String> names = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT partner_id, name FROM partner");
                ResultSet row = query.executeQuery()) {
            while (row.next()) {
                names.put(row.getString(1), row.getString(2));
            }
        }
        return names;
    }
}
