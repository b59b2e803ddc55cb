package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The JSON Lines verifier against exports damaged in any way: a damaged export never verifies, and the only
 * exception is a {@link ExportVerifier.Problem} naming a line of the file.
 */
class ExportVerifierPropertiesTest {

    private static final int SIZE = 23;
    private static final TestLog LOG = new TestLog(NoteKeys.generate(), SIZE);
    private static final List<String> COMPLETE = LOG.export(i -> true, true, 5L);
    private static final List<String> FILTERED = LOG.export(i -> i % 3 == 1, false, null);

    /** How a file is damaged. */
    enum Damage {
        DROP_LINE,
        REPEAT_LINE,
        SWAP_LINES,
        CHANGE_CHARACTER,
        INSERT_TEXT,
        CUT_OFF
    }

    @Property
    void aDamagedExportFailsWithAProblemNamingALine(
            @ForAll boolean complete,
            @ForAll Damage damage,
            @ForAll @IntRange(min = 0, max = 100_000) int where,
            @ForAll @IntRange(min = 0, max = 100_000) int other,
            @ForAll("text") String text) {
        List<String> export = complete ? COMPLETE : FILTERED;
        String original = String.join("\n", export) + "\n";
        String damaged = damage(export, damage, where, other, text);
        if (damaged.equals(original)) {
            return;
        }
        try {
            ExportVerifier.Result result = verify(damaged);
            // only a change that leaves every line's meaning intact may verify: white space between tokens, an
            // equivalent escape ("\/" for "/"), or a consistency proof (optional, unsigned, and proving itself when
            // it is used) dropped or repeated
            assertThat(result.entries()).isEqualTo(verify(original).entries());
            assertThat(meaning(damaged)).isEqualTo(meaning(original));
        } catch (ExportVerifier.Problem e) {
            assertThat(e.line()).isBetween(1L, damaged.lines().count() + 2);
            assertThat(e.getMessage()).startsWith("line " + e.line());
        }
    }

    @Property(tries = 100)
    void anyExportOfTheLogVerifiesWithItsEntryCount(
            @ForAll @IntRange(min = 1, max = 7) int every, @ForAll @IntRange(min = 0, max = 6) int offset) {
        List<String> export = LOG.export(i -> i % every == offset % every, false, null);
        long expected = java.util.stream.LongStream.range(0, SIZE)
                .filter(i -> i % every == offset % every)
                .count();

        assertThat(verify(String.join("\n", export) + "\n").entries()).isEqualTo(expected);
    }

    private static String damage(List<String> export, Damage damage, int where, int other, String text) {
        List<String> lines = new ArrayList<>(export);
        int line = where % lines.size();
        String joined = String.join("\n", export) + "\n";
        switch (damage) {
            case DROP_LINE -> lines.remove(line);
            case REPEAT_LINE -> lines.add(other % (lines.size() + 1), lines.get(line));
            case SWAP_LINES -> {
                int second = other % lines.size();
                String first = lines.get(line);
                lines.set(line, lines.get(second));
                lines.set(second, first);
            }
            case CHANGE_CHARACTER -> {
                String target = lines.get(line);
                int at = other % target.length();
                lines.set(
                        line,
                        target.substring(0, at)
                                + (text.isEmpty() ? "x" : text.substring(0, 1))
                                + target.substring(at + 1));
            }
            case INSERT_TEXT -> {
                int at = other % (joined.length() + 1);
                return joined.substring(0, at) + text + joined.substring(at);
            }
            case CUT_OFF -> {
                return joined.substring(0, where % joined.length());
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** The lines' values, without the consistency proofs. */
    private static List<Object> meaning(String export) {
        return export.lines()
                .map(Json::parse)
                .filter(line -> !(line instanceof java.util.Map<?, ?> map && "consistency".equals(map.get("kind"))))
                .toList();
    }

    private static ExportVerifier.Result verify(String export) {
        try {
            return new ExportVerifier(LOG.keys.getPublic(), null, null)
                    .verify(new BufferedReader(new StringReader(export)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.of("\n", "\"", "{}", "0", "1", "-", ",", "\\", "A", "=", "\u2014", " ", "é"),
                Arbitraries.strings().ofMaxLength(5));
    }
}
