package dev.breachnotify.notifier.directory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.breachnotify.events.EventJson;
import java.io.CharConversionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A JSON file holding an array of objects, read one object at a time. An element that is not an object is a row
 * problem; a file that cannot be read to its end fails with a {@link DirectoryFileException} naming the line.
 */
final class JsonArrayStream implements Closeable {

    /** One element: the line where it starts and the object, or {@code null} if it was not an object. */
    record Element(long line, JsonNode node) {}

    private final JsonParser parser;
    private final String what;
    private long rowsRead;
    private boolean ended;

    private JsonArrayStream(JsonParser parser, String what) {
        this.parser = parser;
        this.what = what;
    }

    /** @param what the elements in words, e.g. {@code "partner"} */
    static JsonArrayStream open(InputStream in, String what) {
        try {
            JsonParser parser = EventJson.mapper().getFactory().createParser(in);
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new DirectoryFileException(
                        parser.currentLocation().getLineNr(), "expected a JSON array of " + what + "s");
            }
            return new JsonArrayStream(parser, what);
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

    /** The next element, or {@code null} at the end of the array. */
    Element next(Consumer<RowProblem> problems) {
        try {
            if (ended) {
                return null;
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                ended = true;
                return null;
            }
            long line = parser.currentTokenLocation().getLineNr();
            rowsRead++;
            if (token != JsonToken.START_OBJECT) {
                problems.accept(new RowProblem(line, null, "*", "expected a JSON object for a " + what));
                parser.skipChildren();
                return new Element(line, null);
            }
            return new Element(line, EventJson.mapper().readTree(parser));
        } catch (JsonProcessingException e) {
            throw new DirectoryFileException(
                    e.getLocation() == null
                            ? parser.currentLocation().getLineNr()
                            : e.getLocation().getLineNr(),
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            throw new DirectoryFileException(
                    parser.currentLocation().getLineNr(), "not readable as UTF-8, UTF-16 or UTF-32: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
