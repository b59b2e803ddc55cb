package dev.breachnotify.notifier.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breachnotify.events.EventJson;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The directory file readers against hostile files: a file is read to its end or refused as a whole with a
 * {@link DirectoryFileException} naming its line, a rejected row's problem names its line and column, and a
 * directory written by an independent CSV or JSON writer reads back as the practices written.
 */
class DirectoryReadersPropertiesTest {

    @Property
    void anyBytesAsCsvAreReadOrRefusedNamingALine(@ForAll byte[] bytes) {
        assertReadOrRefused(bytes, DirectoryCsvReader::open);
    }

    @Property
    void anyCsvLikeTextIsReadOrRefusedNamingALine(@ForAll("csvish") String text) {
        assertReadOrRefused(text.getBytes(StandardCharsets.UTF_8), DirectoryCsvReader::open);
    }

    @Property
    void anyBytesAsJsonAreReadOrRefusedNamingALine(@ForAll("encodings") byte[] bytes) {
        assertReadOrRefused(bytes, DirectoryJsonReader::open);
    }

    @Property
    void anyJsonLikeTextIsReadOrRefusedNamingALine(@ForAll("jsonish") String text) {
        assertReadOrRefused(text.getBytes(StandardCharsets.UTF_8), DirectoryJsonReader::open);
    }

    @Property
    void anyContactsOrPartnersFileIsReadOrRefusedNamingALine(
            @ForAll("linkFiles") String text, @ForAll boolean json, @ForAll boolean partners) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DirectoryImporter.Format format = json ? DirectoryImporter.Format.JSON : DirectoryImporter.Format.CSV;
        assertLinksReadOrRefused(bytes, format, partners);
    }

    @Property
    void anyBytesAsContactsOrPartnersAreReadOrRefusedNamingALine(
            @ForAll("encodings") byte[] bytes, @ForAll boolean json, @ForAll boolean partners) {
        DirectoryImporter.Format format = json ? DirectoryImporter.Format.JSON : DirectoryImporter.Format.CSV;
        assertLinksReadOrRefused(bytes, format, partners);
    }

    @Property
    void practicesWithContactsAndPartnersWrittenAsJsonReadBack(
            @ForAll("directories") List<Practice> practices,
            @ForAll("contactLists") List<dev.breachnotify.events.Contact> contacts) {
        List<Practice> linked = practices.stream()
                .map(practice -> practice.withContactsAndPartners(
                        practice.address() == null ? List.of() : contacts,
                        List.of(
                                new dev.breachnotify.events.PartnerAssignment("*", "IT-1"),
                                new dev.breachnotify.events.PartnerAssignment("ti-konnektor", "IT-2"))))
                .toList();
        ArrayNode array = EventJson.mapper().createArrayNode();
        for (Practice practice : linked) {
            ObjectNode node = EventJson.mapper().valueToTree(practice);
            node.remove("attributes");
            String konnektor = practice.attributes().get(DirectoryColumns.KONNEKTOR_MODEL);
            if (konnektor != null) {
                node.put("konnektorModel", konnektor);
            }
            array.add(node);
        }

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = readAll(DirectoryJsonReader.open(in(array.toPrettyString())), problems);

        assertThat(problems).isEmpty();
        assertThat(rows).extracting(PracticeRow::practice).containsExactlyElementsOf(linked);
    }

    private static void assertLinksReadOrRefused(byte[] bytes, DirectoryImporter.Format format, boolean partners) {
        long lines = new String(bytes, StandardCharsets.UTF_8).lines().count() + 1;
        List<RowProblem> problems = new ArrayList<>();
        try {
            if (partners) {
                try (PartnerFileReader reader = PartnerFileReader.open(new ByteArrayInputStream(bytes), format)) {
                    List<PartnerRow> batch;
                    while (!(batch = reader.readBatch(3, problems::add)).isEmpty()) {
                        batch.forEach(row -> assertThat(row.partner().emails()).isNotEmpty());
                    }
                }
            } else {
                try (ContactFileReader reader = ContactFileReader.open(new ByteArrayInputStream(bytes), format)) {
                    List<ContactRow> batch;
                    while (!(batch = reader.readBatch(3, problems::add)).isEmpty()) {
                        batch.forEach(row -> assertThat(ContactValidator.CONTACT_ID
                                        .matcher(row.contact().contactId())
                                        .matches())
                                .isTrue());
                    }
                }
            }
            for (RowProblem problem : problems) {
                assertThat(problem.line()).isBetween(1L, lines);
                assertThat(problem.reason()).isNotBlank();
                assertThat(problem.field()).isNotBlank();
            }
        } catch (DirectoryFileException e) {
            assertThat(e.line()).isBetween(1L, lines);
            assertThat(e.getMessage()).startsWith("line " + e.line() + ": ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Contacts and partners files: their headers, field names and hostile values. */
    @Provide
    Arbitrary<String> linkFiles() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(
                        "practice_id;contact_id;name;role;email;channel;language\n",
                        "partner_id;name;language;contact_name;contact_email\n",
                        "[",
                        "]",
                        "{",
                        "}",
                        ",",
                        ";",
                        ":",
                        "\"practiceId\":",
                        "\"partnerId\":",
                        "\"contacts\":",
                        "\"practices\":",
                        "\"credentials\":",
                        "\"role\":",
                        "\"email\":",
                        "\"preferredChannel\":",
                        "\"owner\"",
                        "\"data-protection\"",
                        "\"*\"",
                        "\"P-1\"",
                        "\"a@example.org\"",
                        "P-1",
                        "owner",
                        "letter",
                        "a@example.org",
                        "null",
                        "1",
                        "\n",
                        "\"",
                        "\u0000"),
                Arbitraries.strings().ofMaxLength(3));
        return tokens.list().ofMaxSize(50).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<dev.breachnotify.events.Contact>> contactLists() {
        Arbitrary<dev.breachnotify.events.Contact> contact = Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcxyz019")
                                .ofMinLength(1)
                                .ofMaxLength(8),
                        Arbitraries.of(dev.breachnotify.events.ContactRole.class),
                        Arbitraries.of(PreferredChannel.class),
                        Arbitraries.of("de", "en").injectNull(0.5))
                .as((id, role, channel, language) -> new dev.breachnotify.events.Contact(
                        id, "Name " + id, role, id + "@example.org", channel, language));
        return contact.list().ofMaxSize(4).uniqueElements(dev.breachnotify.events.Contact::contactId);
    }

    @Property
    void aDirectoryWrittenAsCsvReadsBackAsThePracticesWritten(
            @ForAll("directories") List<Practice> practices,
            @ForAll("delimiters") char delimiter,
            @ForAll boolean bom) {
        StringWriter out = new StringWriter();
        if (bom) {
            out.write('\uFEFF');
        }
        try (CSVPrinter csv = new CSVPrinter(
                out, CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get())) {
            csv.printRecord(DirectoryColumns.ALL);
            for (Practice practice : practices) {
                csv.printRecord(
                        practice.practiceId(),
                        practice.name(),
                        practice.contactPerson(),
                        String.join(delimiter == ',' ? "|" : ",", practice.emails()),
                        practice.address() == null ? "" : practice.address().street(),
                        practice.address() == null ? "" : practice.address().postcode(),
                        practice.address() == null ? "" : practice.address().city(),
                        practice.address() == null ? "" : practice.address().country(),
                        practice.language(),
                        practice.segment(),
                        practice.preferredChannel().name().toLowerCase(Locale.ROOT),
                        practice.attributes().getOrDefault(DirectoryColumns.KONNEKTOR_MODEL, ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = readAll(DirectoryCsvReader.open(in(out.toString())), problems);

        assertThat(problems).isEmpty();
        assertThat(rows).extracting(PracticeRow::practice).containsExactlyElementsOf(practices);
    }

    @Property
    void aDirectoryWrittenAsJsonReadsBackAsThePracticesWritten(@ForAll("directories") List<Practice> practices) {
        ArrayNode array = EventJson.mapper().createArrayNode();
        for (Practice practice : practices) {
            ObjectNode node = EventJson.mapper().valueToTree(practice);
            node.put("preferredChannel", practice.preferredChannel().name().toLowerCase(Locale.ROOT));
            node.remove("attributes");
            String konnektor = practice.attributes().get(DirectoryColumns.KONNEKTOR_MODEL);
            if (konnektor != null) {
                node.put("konnektorModel", konnektor);
            }
            array.add(node);
        }

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = readAll(DirectoryJsonReader.open(in(array.toPrettyString())), problems);

        assertThat(problems).isEmpty();
        assertThat(rows).extracting(PracticeRow::practice).containsExactlyElementsOf(practices);
    }

    @Property(tries = 200)
    void aRowWithABadFieldIsRejectedNamingItsLineAndColumnAndTheOthersAreRead(
            @ForAll("directories") List<Practice> practices,
            @ForAll @IntRange(min = 0, max = 1_000) int which,
            @ForAll("badFields") String[] bad) {
        if (practices.isEmpty()) {
            return;
        }
        int row = which % practices.size();
        StringBuilder csv = new StringBuilder("practice_id;name;emails;language;preferred_channel\n");
        for (int i = 0; i < practices.size(); i++) {
            String[] fields = {"P-" + i, "Praxis " + i, "p" + i + "@example.org", "de", "email"};
            if (i == row) {
                fields[
                        List.of("practice_id", "name", "emails", "language", "preferred_channel")
                                .indexOf(bad[0])] = bad[1];
            }
            csv.append(String.join(";", fields)).append('\n');
        }

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = readAll(DirectoryCsvReader.open(in(csv.toString())), problems);

        assertThat(problems).isNotEmpty().allSatisfy(problem -> {
            assertThat(problem.line()).isEqualTo(row + 2L);
            assertThat(problem.field()).isEqualTo(bad[0]);
            assertThat(problem.reason()).isNotBlank();
        });
        assertThat(rows).hasSize(practices.size() - 1);
    }

    private static void assertReadOrRefused(byte[] bytes, Function<ByteArrayInputStream, DirectoryReader> open) {
        long lines = new String(bytes, StandardCharsets.UTF_8).lines().count() + 1;
        try (DirectoryReader reader = open.apply(new ByteArrayInputStream(bytes))) {
            List<RowProblem> problems = new ArrayList<>();
            List<PracticeRow> rows = readAll(reader, problems);
            Set<String> ids = new HashSet<>();
            for (PracticeRow row : rows) {
                assertThat(row.line()).isBetween(1L, lines);
                assertThat(ids.add(row.practice().practiceId()))
                        .as("one row per practice id")
                        .isTrue();
                assertThat(PracticeValidator.PRACTICE_ID
                                .matcher(row.practice().practiceId())
                                .matches())
                        .isTrue();
            }
            for (RowProblem problem : problems) {
                assertThat(problem.line()).isBetween(1L, lines);
                assertThat(problem.reason()).isNotBlank();
                assertThat(problem.field()).isNotBlank();
            }
            assertThat(reader.rowsRead()).isGreaterThanOrEqualTo(rows.size());
        } catch (DirectoryFileException e) {
            assertThat(e.line()).isBetween(1L, lines);
            assertThat(e.getMessage()).startsWith("line " + e.line() + ": ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PracticeRow> readAll(DirectoryReader reader, List<RowProblem> problems) {
        List<PracticeRow> all = new ArrayList<>();
        List<PracticeRow> batch;
        while (!(batch = reader.readBatch(3, problems::add)).isEmpty()) {
            all.addAll(batch);
        }
        return all;
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Any bytes, and bytes after the zero bytes and byte order marks from which a JSON parser infers UTF-16/32. */
    @Provide
    Arbitrary<byte[]> encodings() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> prefix = Arbitraries.of(
                new byte[] {0, 0, 0, '['},
                new byte[] {'[', 0, 0, 0},
                new byte[] {0, '['},
                new byte[] {'[', 0},
                new byte[] {(byte) 0xFE, (byte) 0xFF},
                new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        return Arbitraries.oneOf(
                any, net.jqwik.api.Combinators.combine(prefix, any).as((head, tail) -> {
                    byte[] bytes = java.util.Arrays.copyOf(head, head.length + tail.length);
                    System.arraycopy(tail, 0, bytes, head.length, tail.length);
                    return bytes;
                }));
    }

    @Provide
    Arbitrary<Character> delimiters() {
        return Arbitraries.of(';', ',');
    }

    /** Text made of CSV's own characters, header names and values. */
    @Provide
    Arbitrary<String> csvish() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(
                        "practice_id",
                        "name",
                        "emails",
                        "street",
                        "postcode",
                        "city",
                        "preferred_channel",
                        "fax",
                        "P-1",
                        "a@example.org",
                        "letter",
                        "email",
                        "both",
                        ";",
                        ",",
                        "\"",
                        "\"\"",
                        "\n",
                        "\r\n",
                        "\r",
                        " ",
                        "\uFEFF",
                        "é",
                        "\u0000",
                        "|"),
                Arbitraries.strings().ofMaxLength(3));
        Arbitrary<String> body = tokens.list().ofMaxSize(40).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(body, body.map(b -> "practice_id;name;emails;street;postcode;city\n" + b));
    }

    /** Text made of JSON's own characters and the directory's field names. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(
                        "[",
                        "]",
                        "{",
                        "}",
                        ",",
                        ":",
                        "\"practiceId\":",
                        "\"name\":",
                        "\"emails\":",
                        "\"address\":",
                        "\"street\":",
                        "\"P-1\"",
                        "\"a@example.org\"",
                        "\"x\"",
                        "1",
                        "null",
                        "true",
                        "[[[[",
                        "\n",
                        "\"fax\":",
                        "\\u0000",
                        "\""),
                Arbitraries.strings().ofMaxLength(3));
        Arbitrary<String> body = tokens.list().ofMaxSize(40).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(body, body.map(b -> "[" + b));
    }

    /** A field and a value that the validator must reject. */
    @Provide
    Arbitrary<String[]> badFields() {
        return Arbitraries.of(
                new String[] {"practice_id", ""},
                new String[] {"practice_id", "-starts-with-dash"},
                new String[] {"practice_id", "P 1"},
                new String[] {"practice_id", "x".repeat(65)},
                new String[] {"name", ""},
                new String[] {"name", "n".repeat(201)},
                new String[] {"emails", "not-an-address"},
                new String[] {"emails", "a@b"},
                new String[] {
                    "emails", "a@example.org,b@example.org,c@example.org,d@example.org,e@example.org,f@example.org"
                },
                new String[] {"language", "fr"},
                new String[] {"preferred_channel", "fax"},
                new String[] {"preferred_channel", "letters"});
    }

    /** Directories of valid, distinct practices with text from all of Unicode's planes, quotes and separators. */
    @Provide
    Arbitrary<List<Practice>> directories() {
        Arbitrary<String> text = Arbitraries.strings()
                .all()
                .excludeChars('\r', '\n')
                .ofMinLength(1)
                .ofMaxLength(40)
                .map(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).strip())
                .filter(s -> !s.isEmpty() && s.length() <= 200 && s.indexOf('\uFEFF') != 0 && !s.startsWith("\u0000"))
                .edgeCases(edges -> edges.add("a;b,\"c\""));
        Arbitrary<String> id = Arbitraries.strings()
                .withChars("abcXYZ019._-")
                .ofMinLength(1)
                .ofMaxLength(64)
                .filter(s -> PracticeValidator.PRACTICE_ID.matcher(s).matches());
        Arbitrary<String> email = Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcxyz019._+-")
                                .ofMinLength(1)
                                .ofMaxLength(10),
                        Arbitraries.strings()
                                .withChars("abcxyz019-")
                                .ofMinLength(1)
                                .ofMaxLength(10),
                        Arbitraries.of("de", "example.org", "co.uk"))
                .as((local, host, tld) -> local + "@" + host + "." + tld)
                .filter(PracticeValidator::isValidEmail)
                .map(e -> e.toLowerCase(Locale.ROOT));
        Arbitrary<PostalAddress> address = Combinators.combine(text, text, text, Arbitraries.of("DE", "AT", "CH", "FR"))
                .as(PostalAddress::new);
        Arbitrary<Practice> practice = Combinators.combine(
                        id,
                        text,
                        text.injectNull(0.3),
                        email.list().ofMinSize(1).ofMaxSize(5).uniqueElements(),
                        address,
                        Arbitraries.of("de", "en"),
                        text.injectNull(0.3),
                        Arbitraries.of(PreferredChannel.class))
                .as(Practice::new);
        return practice.list().ofMaxSize(8).uniqueElements(Practice::practiceId);
    }
}
