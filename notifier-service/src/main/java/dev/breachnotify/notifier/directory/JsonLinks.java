package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.PartnerAssignment;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A JSON practice's {@code contacts} and {@code partners} arrays as the fields of a CSV row: the n-th contact's
 * parts become {@code contactN_name} etc., an assignment {@code partner} or {@code partner.<credential-id>}, so that
 * JSON and CSV rows are validated alike.
 */
final class JsonLinks {

    private static final Map<String, String> CONTACT_FIELDS = Map.of(
            "contactId", "id",
            "name", "name",
            "role", "role",
            "email", "email",
            "preferredChannel", "channel",
            "language", "language");

    private JsonLinks() {}

    /** Adds the contacts to {@code fields}; false (with problems) when the array is malformed. */
    static boolean contacts(JsonNode value, Map<String, String> fields, Consumer<String[]> problem) {
        if (value.isNull()) {
            return true;
        }
        if (!value.isArray()) {
            problem.accept(new String[] {"contacts", "expected an array of contacts"});
            return false;
        }
        if (value.size() > RepeatedColumns.MAX_CONTACTS) {
            problem.accept(new String[] {"contacts", "at most " + RepeatedColumns.MAX_CONTACTS + " contacts"});
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode contact = value.get(i);
            int number = i + 1;
            if (!contact.isObject() || contact.isEmpty()) {
                problem.accept(new String[] {"contacts[" + i + "]", "expected a contact {name, role, email, ...}"});
                ok = false;
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = contact.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> part = it.next();
                String name = CONTACT_FIELDS.get(part.getKey());
                if (name == null || part.getValue().isContainerNode()) {
                    problem.accept(new String[] {
                        DirectoryColumns.contactColumn(number, part.getKey()),
                        name == null ? "unknown field; known: " + CONTACT_FIELDS.keySet() : "expected a text"
                    });
                    ok = false;
                } else {
                    fields.put(DirectoryColumns.contactColumn(number, name), DirectoryJsonReader.text(part.getValue()));
                }
            }
        }
        return ok;
    }

    /** Adds the assignments to {@code fields}; false (with problems) when the array is malformed. */
    static boolean partners(JsonNode value, Map<String, String> fields, Consumer<String[]> problem) {
        if (value.isNull()) {
            return true;
        }
        if (!value.isArray()) {
            problem.accept(new String[] {"partners", "expected an array of {credentialId, partnerId}"});
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode assignment = value.get(i);
            String field = "partners[" + i + "]";
            if (!assignment.isObject()
                    || !assignment.path("partnerId").isTextual()
                    || assignment.size() != (assignment.has("credentialId") ? 2 : 1)) {
                problem.accept(new String[] {field, "expected {\"credentialId\": ..., \"partnerId\": ...}"});
                ok = false;
                continue;
            }
            String credential = assignment.path("credentialId").asText(PartnerAssignment.ALL_CREDENTIALS);
            String column = PartnerAssignment.ALL_CREDENTIALS.equals(credential)
                    ? DirectoryColumns.PARTNER
                    : DirectoryColumns.PARTNER_FOR + credential;
            if (!DirectoryColumns.isPartnerColumn(column)) {
                problem.accept(new String[] {
                    field + ".credentialId",
                    "'" + credential + "' is not a credential id (lower-case letters, "
                            + "digits and '-', or * for every credential)"
                });
                ok = false;
            } else if (fields.containsKey(column)) {
                problem.accept(new String[] {
                    field, "a second partner for credential '" + credential + "' (at most one per credential)"
                });
                ok = false;
            } else {
                fields.put(column, assignment.path("partnerId").asText());
            }
        }
        return ok;
    }
}
