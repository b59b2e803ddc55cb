package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.Practice;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a directory JSON file: an array of practices in the shape of the {@code practice} of the
 * {@code practice.registered} event ({@code practiceId, name, contactPerson, emails[], address {street, postcode,
 * city, country}, language, segment, preferredChannel}). Rows are validated exactly like CSV rows.
 */
final class DirectoryJsonReader implements DirectoryReader {

    private static final Map<String, String> FIELDS = Map.of(
            "practiceId",
            DirectoryColumns.PRACTICE_ID,
            "name",
            DirectoryColumns.NAME,
            "contactPerson",
            DirectoryColumns.CONTACT_PERSON,
            "emails",
            DirectoryColumns.EMAILS,
            "language",
            DirectoryColumns.LANGUAGE,
            "segment",
            DirectoryColumns.SEGMENT,
            "preferredChannel",
            DirectoryColumns.PREFERRED_CHANNEL,
            "konnektorModel",
            DirectoryColumns.KONNEKTOR_MODEL);
    private static final Map<String, String> ADDRESS_FIELDS = Map.of(
            "street",
            DirectoryColumns.STREET,
            "postcode",
            DirectoryColumns.POSTCODE,
            "city",
            DirectoryColumns.CITY,
            "country",
            DirectoryColumns.COUNTRY);

    private final JsonParser parser;
    private final RowChecks checks = new RowChecks();
    private long rowsRead;
    private boolean ended;

    private DirectoryJsonReader(JsonParser parser) {
        this.parser = parser;
    }

    static DirectoryJsonReader open(InputStream in) {
        try {
            JsonParser parser = EventJson.mapper().getFactory().createParser(in);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new DirectoryFileException(
                        parser.currentLocation().getLineNr(), "expected a JSON array of practices");
            }
            return new DirectoryJsonReader(parser);
        } catch (JsonProcessingException e) {
            throw new DirectoryFileException(
                    e.getLocation() == null ? 1 : e.getLocation().getLineNr(),
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            throw new DirectoryFileException(1, "not readable as UTF-8, UTF-16 or UTF-32: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<PracticeRow> readBatch(int max, Consumer<RowProblem> problems) {
        List<PracticeRow> rows = new ArrayList<>(max);
        try {
            while (!ended && rows.size() < max) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY || token == null) {
                    ended = true;
                    break;
                }
                long line = parser.currentTokenLocation().getLineNr();
                rowsRead++;
                if (token != JsonToken.START_OBJECT) {
                    problems.accept(new RowProblem(line, null, "*", "expected a JSON object for a practice"));
                    parser.skipChildren();
                    continue;
                }
                JsonNode node = EventJson.mapper().readTree(parser);
                Map<String, String> fields = fields(line, node, problems);
                Practice practice = fields == null ? null : checks.check(line, fields, problems);
                if (practice != null) {
                    rows.add(new PracticeRow(line, practice, node.has("contacts"), node.has("partners")));
                }
            }
        } catch (JsonProcessingException e) {
            throw new DirectoryFileException(
                    e.getLocation() == null
                            ? parser.currentLocation().getLineNr()
                            : e.getLocation().getLineNr(),
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            // Jackson's readers of UTF-32 report a bad character so, not as a JsonProcessingException
            throw new DirectoryFileException(
                    parser.currentLocation().getLineNr(), "not readable as UTF-8, UTF-16 or UTF-32: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Map<String, String> fields(long line, JsonNode node, Consumer<RowProblem> problems) {
        Map<String, String> fields = new HashMap<>();
        String id = node.path("practiceId").asText(null);
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("address") && value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> parts = value.fields(); parts.hasNext(); ) {
                    Map.Entry<String, JsonNode> part = parts.next();
                    String column = ADDRESS_FIELDS.get(part.getKey());
                    if (column == null) {
                        problems.accept(new RowProblem(line, id, "address." + part.getKey(), "unknown field"));
                        ok = false;
                    } else {
                        fields.put(column, text(value.get(part.getKey())));
                    }
                }
                continue;
            }
            if (field.getKey().equals("contacts")) {
                ok &= JsonLinks.contacts(
                        value, fields, problem -> problems.accept(new RowProblem(line, id, problem[0], problem[1])));
                continue;
            }
            if (field.getKey().equals("partners")) {
                ok &= JsonLinks.partners(
                        value, fields, problem -> problems.accept(new RowProblem(line, id, problem[0], problem[1])));
                continue;
            }
            String column = FIELDS.get(field.getKey());
            if (column == null) {
                problems.accept(new RowProblem(
                        line,
                        id,
                        field.getKey(),
                        "unknown field; known: " + FIELDS.keySet() + ", address, contacts and partners"));
                ok = false;
            } else if (value.isArray()) {
                List<String> values = new ArrayList<>();
                value.forEach(element -> values.add(text(element)));
                fields.put(column, String.join(",", values));
            } else {
                fields.put(column, text(value));
            }
        }
        return ok ? fields : null;
    }

    static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
