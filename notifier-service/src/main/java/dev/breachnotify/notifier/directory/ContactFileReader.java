package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.Contact;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Streams a contacts file, one contact per row linked to its practice by id: CSV with the columns
 * {@code practice_id, contact_id, name, role, email, channel, language}, or a JSON array of
 * {@code {practiceId, contactId, name, role, email, preferredChannel, language}}. Read in batches, so that any size
 * reads in bounded memory; whether the practices exist is the importer's check.
 */
final class ContactFileReader implements Closeable {

    /** The CSV columns, in the order files usually have them. */
    static final List<String> COLUMNS =
            List.of("practice_id", "contact_id", "name", "role", "email", "channel", "language");

    private static final Map<String, String> CSV_PARTS = Map.of(
            "contact_id",
            "id",
            "name",
            "name",
            "role",
            "role",
            "email",
            "email",
            "channel",
            "channel",
            "language",
            "language");
    private static final Map<String, String> JSON_PARTS = Map.of(
            "contactId",
            "id",
            "name",
            "name",
            "role",
            "role",
            "email",
            "email",
            "preferredChannel",
            "channel",
            "language",
            "language");

    private final CsvTable csv;
    private final JsonArrayStream json;

    private ContactFileReader(CsvTable csv, JsonArrayStream json) {
        this.csv = csv;
        this.json = json;
    }

    static ContactFileReader open(InputStream in, DirectoryImporter.Format format) {
        return format == DirectoryImporter.Format.JSON
                ? new ContactFileReader(null, JsonArrayStream.open(in, "contact"))
                : new ContactFileReader(
                        CsvTable.open(
                                in, COLUMNS::contains, COLUMNS.toString(), List.of("practice_id", "name", "role")),
                        null);
    }

    /** Reads up to {@code max} valid rows; an empty list means the end of the file. */
    List<ContactRow> readBatch(int max, Consumer<RowProblem> problems) {
        List<ContactRow> rows = new ArrayList<>(max);
        while (rows.size() < max) {
            if (csv != null) {
                CsvTable.Row row = csv.next(problems);
                if (row == null) {
                    break;
                }
                if (row.fields() != null) {
                    add(
                            rows,
                            row.line(),
                            row.fields().get("practice_id"),
                            parts(row.fields(), CSV_PARTS),
                            csv(),
                            "practice_id",
                            problems);
                }
            } else {
                JsonArrayStream.Element element = json.next(problems);
                if (element == null) {
                    break;
                }
                if (element.node() != null) {
                    fromJson(rows, element, problems);
                }
            }
        }
        return rows;
    }

    private static UnaryOperator<String> csv() {
        return part -> part.equals("id") ? "contact_id" : part;
    }

    private static void fromJson(
            List<ContactRow> rows, JsonArrayStream.Element element, Consumer<RowProblem> problems) {
        JsonNode node = element.node();
        String practiceId =
                node.path("practiceId").isValueNode() ? DirectoryJsonReader.text(node.get("practiceId")) : "";
        Map<String, String> raw = new HashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("practiceId")) {
                continue;
            }
            if (!JSON_PARTS.containsKey(field.getKey()) || field.getValue().isContainerNode()) {
                problems.accept(new RowProblem(
                        element.line(),
                        practiceId.isEmpty() ? null : practiceId,
                        field.getKey(),
                        JSON_PARTS.containsKey(field.getKey())
                                ? "expected a text"
                                : "unknown field; known: practiceId and " + JSON_PARTS.keySet()));
                ok = false;
            } else {
                raw.put(field.getKey(), DirectoryJsonReader.text(field.getValue()));
            }
        }
        if (ok) {
            UnaryOperator<String> names = part -> switch (part) {
                case "id" -> "contactId";
                case "channel" -> "preferredChannel";
                default -> part;
            };
            add(rows, element.line(), practiceId, parts(raw, JSON_PARTS), names, "practiceId", problems);
        }
    }

    private static Map<String, String> parts(Map<String, String> fields, Map<String, String> names) {
        Map<String, String> parts = new HashMap<>();
        fields.forEach((name, value) -> {
            String part = names.get(name);
            if (part != null) {
                parts.put(part, value);
            }
        });
        return parts;
    }

    private static void add(
            List<ContactRow> rows,
            long line,
            String rawPracticeId,
            Map<String, String> parts,
            UnaryOperator<String> names,
            String practiceField,
            Consumer<RowProblem> problems) {
        String practiceId = rawPracticeId == null ? "" : rawPracticeId.strip();
        boolean[] faulty = {false};
        String id = practiceId.isEmpty() ? null : practiceId;
        if (practiceId.isEmpty()) {
            problems.accept(new RowProblem(line, null, practiceField, "is missing"));
            faulty[0] = true;
        } else if (!PracticeValidator.PRACTICE_ID.matcher(practiceId).matches()) {
            problems.accept(new RowProblem(
                    line,
                    null,
                    practiceField,
                    "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
            faulty[0] = true;
            id = null;
        }
        String practice = id;
        Contact contact = ContactValidator.validate(parts, names, (field, reason) -> {
            problems.accept(new RowProblem(line, practice, field, reason));
            faulty[0] = true;
        });
        if (!faulty[0] && contact != null) {
            rows.add(new ContactRow(line, practiceId, contact));
        }
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
}
