package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PartnerContact;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads a partners file. CSV: one row per partner contact ({@code partner_id, name, language, contact_name,
 * contact_email}); the rows of one partner merge, so the CSV is read whole (a directory has a few thousand
 * partners). JSON: an array of {@code {partnerId, name, language, contacts: [{name, email}], practices:
 * [{practiceId, credentials: ["*"]}]}}, streamed.
 */
final class PartnerFileReader implements Closeable {

    static final List<String> COLUMNS = List.of("partner_id", "name", "language", "contact_name", "contact_email");
    private static final Set<String> JSON_FIELDS = Set.of("partnerId", "name", "language", "contacts", "practices");
    private static final int MAX_CONTACTS = 50;
    private static final int MAX_TEXT = 200;

    private final CsvTable csv;
    private final JsonArrayStream json;
    private Iterator<PartnerRow> merged;
    private final Set<String> seen = new HashSet<>();

    private PartnerFileReader(CsvTable csv, JsonArrayStream json) {
        this.csv = csv;
        this.json = json;
    }

    static PartnerFileReader open(InputStream in, DirectoryImporter.Format format) {
        return format == DirectoryImporter.Format.JSON
                ? new PartnerFileReader(null, JsonArrayStream.open(in, "partner"))
                : new PartnerFileReader(
                        CsvTable.open(in, COLUMNS::contains, COLUMNS.toString(), List.of("partner_id", "name")), null);
    }

    /** Reads up to {@code max} valid partners; an empty list means the end of the file. */
    List<PartnerRow> readBatch(int max, Consumer<RowProblem> problems) {
        List<PartnerRow> rows = new ArrayList<>(max);
        if (csv != null) {
            if (merged == null) {
                merged = readCsv(problems).iterator();
            }
            while (rows.size() < max && merged.hasNext()) {
                rows.add(merged.next());
            }
            return rows;
        }
        JsonArrayStream.Element element;
        while (rows.size() < max && (element = json.next(problems)) != null) {
            if (element.node() != null) {
                PartnerRow row = fromJson(element.line(), element.node(), problems);
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private List<PartnerRow> readCsv(Consumer<RowProblem> problems) {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        CsvTable.Row row;
        while ((row = csv.next(problems)) != null) {
            if (row.fields() == null) {
                continue;
            }
            long line = row.line();
            Map<String, String> fields = row.fields();
            String id = value(fields.get("partner_id"));
            BiConsumer<String, String> problem =
                    (field, reason) -> problems.accept(new RowProblem(line, null, field, reason));
            if (!checkId(id, "partner_id", problem)) {
                continue;
            }
            Draft draft = drafts.computeIfAbsent(id, key -> new Draft(line, key));
            BiConsumer<String, String> draftProblem = (field, reason) -> {
                draft.faulty = true;
                problem.accept(field, reason);
            };
            String name = value(fields.get("name"));
            String language = value(fields.get("language")).toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && draft.name != null && !name.equals(draft.name)) {
                draftProblem.accept("name", "differs from line " + draft.line + " of the same partner");
            } else if (!language.isEmpty() && draft.language != null && !language.equals(draft.language)) {
                draftProblem.accept("language", "differs from line " + draft.line + " of the same partner");
            }
            draft.name = draft.name == null && !name.isEmpty() ? name : draft.name;
            draft.language = draft.language == null && !language.isEmpty() ? language : draft.language;
            String contactName = value(fields.get("contact_name"));
            String contactEmail = value(fields.get("contact_email"));
            if (!contactName.isEmpty() || !contactEmail.isEmpty()) {
                PartnerContact contact =
                        contact(contactName, contactEmail, "contact_name", "contact_email", draftProblem);
                if (contact != null) {
                    draft.contacts.add(contact);
                }
            }
            checkText(fields, draftProblem);
        }
        List<PartnerRow> rows = new ArrayList<>();
        for (Draft draft : drafts.values()) {
            BiConsumer<String, String> problem =
                    (field, reason) -> problems.accept(new RowProblem(draft.line, null, field, reason));
            Partner partner = partner(draft.id, draft.name, draft.language, draft.contacts, "contact_email", problem);
            if (partner != null && !draft.faulty) {
                rows.add(new PartnerRow(draft.line, partner, null));
            }
        }
        return rows;
    }

    private PartnerRow fromJson(long line, JsonNode node, Consumer<RowProblem> problems) {
        boolean[] faulty = {false};
        BiConsumer<String, String> problem = (field, reason) -> {
            faulty[0] = true;
            problems.accept(new RowProblem(line, null, field, reason));
        };
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!JSON_FIELDS.contains(name)) {
                problem.accept(name, "unknown field; known: " + JSON_FIELDS);
            }
        }
        String id = text(node, "partnerId", problem);
        if (!checkId(id, "partnerId", problem)) {
            return null;
        }
        if (!seen.add(id)) {
            problem.accept("partnerId", "duplicate id in the file");
        }
        List<PartnerContact> contacts = new ArrayList<>();
        JsonNode list = node.path("contacts");
        if (!list.isMissingNode() && !list.isArray()) {
            problem.accept("contacts", "expected an array of {name, email}");
        }
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String field = "contacts[" + i + "]";
            if (!entry.isObject() || !fieldsWithin(entry, Set.of("name", "email"))) {
                problem.accept(field, "expected {\"name\": ..., \"email\": ...}");
                continue;
            }
            PartnerContact contact = contact(
                    text(entry, "name", problem),
                    text(entry, "email", problem),
                    field + ".name",
                    field + ".email",
                    problem);
            if (contact != null) {
                contacts.add(contact);
            }
        }
        Partner partner = partner(
                id,
                text(node, "name", problem),
                text(node, "language", problem).toLowerCase(Locale.ROOT),
                contacts,
                "contacts",
                problem);
        List<PartnerRow.Assignment> practices =
                node.has("practices") ? practices(node.get("practices"), problem) : null;
        return faulty[0] || partner == null ? null : new PartnerRow(line, partner, practices);
    }

    private static List<PartnerRow.Assignment> practices(JsonNode list, BiConsumer<String, String> problem) {
        List<PartnerRow.Assignment> practices = new ArrayList<>();
        if (!list.isArray()) {
            problem.accept("practices", "expected an array of {practiceId, credentials}");
            return practices;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String field = "practices[" + i + "]";
            if (!entry.isObject() || !fieldsWithin(entry, Set.of("practiceId", "credentials"))) {
                problem.accept(field, "expected {\"practiceId\": ..., \"credentials\": [\"*\"]}");
                continue;
            }
            String practiceId = text(entry, "practiceId", problem);
            if (!checkId(practiceId, field + ".practiceId", problem)) {
                continue;
            }
            if (!ids.add(practiceId)) {
                problem.accept(field + ".practiceId", "practice '" + practiceId + "' is listed twice");
                continue;
            }
            JsonNode credentials = entry.path("credentials");
            List<String> values = new ArrayList<>();
            if (credentials.isMissingNode() || credentials.isNull() || credentials.isArray() && credentials.isEmpty()) {
                values.add(PartnerAssignment.ALL_CREDENTIALS);
            } else if (!credentials.isArray()) {
                problem.accept(field + ".credentials", "expected an array of credential ids or [\"*\"]");
                continue;
            }
            for (JsonNode credential : credentials.isArray() ? credentials : List.<JsonNode>of()) {
                String value = credential.isTextual() ? credential.asText() : "";
                if (!value.equals(PartnerAssignment.ALL_CREDENTIALS)
                        && !DirectoryColumns.CREDENTIAL_ID.matcher(value).matches()) {
                    problem.accept(
                            field + ".credentials",
                            "'" + credential.asText() + "' is not a credential id (lower-case letters, digits and "
                                    + "'-', or * for every credential)");
                } else if (values.contains(value)) {
                    problem.accept(field + ".credentials", "credential '" + value + "' is listed twice");
                } else {
                    values.add(value);
                }
            }
            practices.add(new PartnerRow.Assignment(practiceId, values, field));
        }
        return practices;
    }

    private static Partner partner(
            String id,
            String name,
            String language,
            List<PartnerContact> contacts,
            String contactsField,
            BiConsumer<String, String> problem) {
        boolean ok = true;
        if (name == null || name.isEmpty()) {
            problem.accept("name", "is missing");
            ok = false;
        }
        if (language == null || language.isEmpty()) {
            language = "de";
        } else if (!language.equals("de") && !language.equals("en")) {
            problem.accept("language", "unknown language '" + language + "' (use de or en)");
            ok = false;
        }
        if (contacts.isEmpty()) {
            problem.accept(contactsField, "a partner needs at least one contact with an email address");
            ok = false;
        } else if (contacts.size() > MAX_CONTACTS) {
            problem.accept(contactsField, "at most " + MAX_CONTACTS + " contacts");
            ok = false;
        }
        return ok ? new Partner(id, name, language, contacts) : null;
    }

    private static PartnerContact contact(
            String name, String email, String nameField, String emailField, BiConsumer<String, String> problem) {
        if (email.isEmpty()) {
            problem.accept(emailField, "is missing (a partner's contact is reached by email)");
            return null;
        }
        if (!PracticeValidator.isValidEmail(email)) {
            problem.accept(emailField, "malformed email address '" + email + "'");
            return null;
        }
        if (name.length() > MAX_TEXT) {
            problem.accept(nameField, "longer than " + MAX_TEXT + " characters");
            return null;
        }
        return new PartnerContact(name.isEmpty() ? null : name, email.toLowerCase(Locale.ROOT));
    }

    private static boolean checkId(String id, String field, BiConsumer<String, String> problem) {
        if (id == null || id.isEmpty()) {
            problem.accept(field, "is missing");
            return false;
        }
        if (!PracticeValidator.PRACTICE_ID.matcher(id).matches()) {
            problem.accept(field, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return false;
        }
        return true;
    }

    private static void checkText(Map<String, String> fields, BiConsumer<String, String> problem) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String value = field.getValue();
            if (value != null && value.length() > MAX_TEXT) {
                problem.accept(field.getKey(), "longer than " + MAX_TEXT + " characters");
            } else if (value != null && value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                problem.accept(field.getKey(), "contains a line break");
            }
        }
    }

    private static String text(JsonNode node, String field, BiConsumer<String, String> problem) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isValueNode()) {
            problem.accept(field, "expected a text");
            return "";
        }
        String text = value.asText().strip();
        if (text.length() > MAX_TEXT || text.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            problem.accept(field, "longer than " + MAX_TEXT + " characters or contains a line break");
            return "";
        }
        return text;
    }

    private static boolean fieldsWithin(JsonNode node, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!allowed.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static String value(String raw) {
        return raw == null ? "" : raw.strip();
    }

    long rowsRead() {
        return csv != null ? csv.rowsRead() : json.rowsRead();
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        } else {
            json.close();
        }
    }

    /** A partner being merged from its CSV rows. */
    private static final class Draft {
        final long line;
        final String id;
        String name;
        String language;
        final List<PartnerContact> contacts = new ArrayList<>();
        boolean faulty;

        Draft(long line, String id) {
            this.line = line;
            this.id = id;
        }
    }
}
