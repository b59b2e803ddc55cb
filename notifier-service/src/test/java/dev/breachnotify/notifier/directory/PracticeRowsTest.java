package dev.breachnotify.notifier.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The row rules at their edges: lengths, line breaks, addresses by channel, batches, counts and read errors. */
class PracticeRowsTest {

    @Test
    void aFieldOf200CharactersIsKeptAnd201OrALineBreakIsNamed() {
        assertThat(validate(
                        Map.of("practice_id", "P-1", "name", "n".repeat(200), "emails", "a@example.org"), problems()))
                .isNotNull();
        List<RowProblem> problems = problems();
        assertThat(validate(
                        Map.of(
                                "practice_id",
                                "P-1",
                                "name",
                                "n".repeat(201),
                                "city",
                                "a\nb",
                                "emails",
                                "a@example.org"),
                        problems))
                .isNull();
        assertThat(problems)
                .extracting(RowProblem::field, RowProblem::reason)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("name", "longer than 200 characters"),
                        Tuple.tuple("city", "contains a line break"));
    }

    @Test
    void aLetterNamesTheFirstMissingPartOfTheAddressAndEmailNeedsAnAddress() {
        Map<String, String> letter =
                new HashMap<>(Map.of("practice_id", "P-1", "name", "N", "preferred_channel", "letter"));
        assertThat(fields(letter)).containsExactly("street");
        letter.put("street", "Weg 1");
        assertThat(fields(letter)).containsExactly("postcode");
        letter.put("postcode", "12345");
        assertThat(fields(letter)).containsExactly("city");
        letter.put("city", "Ort");
        assertThat(fields(letter)).isEmpty();

        assertThat(fields(Map.of("practice_id", "P-1", "name", "N", "preferred_channel", "email")))
                .containsExactly("emails");
    }

    @Test
    void aStreetAloneIsKeptAsAnAddressAndNoStreetIsNoAddress() {
        Practice withStreet = validate(
                Map.of("practice_id", "P-1", "name", "N", "emails", "a@example.org", "street", "Weg 1"), problems());
        assertThat(withStreet.address()).isEqualTo(new PostalAddress("Weg 1", "", "", "DE"));
        Practice without = validate(
                Map.of("practice_id", "P-1", "name", "N", "emails", "a@example.org", "city", "Ort"), problems());
        assertThat(without.address()).isNull();
    }

    @Test
    void anAddressIsAtMost254CharactersWithTextBeforeTheAtAndOneAt() {
        String local = "a".repeat(64);
        String domain = ("d".repeat(60) + ".").repeat(3) + "example.org";
        String longest = local + "@" + domain.substring(domain.length() - (254 - 65));
        assertThat(longest).hasSize(254);
        assertThat(PracticeValidator.isValidEmail(longest)).isTrue();
        assertThat(PracticeValidator.isValidEmail("a" + longest)).isFalse();
        assertThat(PracticeValidator.isValidEmail("@example.org")).isFalse();
        assertThat(PracticeValidator.isValidEmail("a@@example.org")).isFalse();
        assertThat(PracticeValidator.isValidEmail("a@example")).isFalse();
        assertThat(PracticeValidator.isValidEmail("a@example.org")).isTrue();
    }

    @Test
    void aBatchHoldsAtMostItsSizeAndEveryRowIsCounted() {
        String csv = "practice_id;name;emails\nP-1;A;a@example.org\nP-2;B;b@example.org\nP-3;C\nP-4;D;d@example.org\n";
        DirectoryReader reader = DirectoryCsvReader.open(in(csv));
        List<RowProblem> problems = new ArrayList<>();

        assertThat(reader.readBatch(1, problems::add)).hasSize(1);
        assertThat(reader.readBatch(2, problems::add))
                .extracting(row -> row.practice().practiceId())
                .containsExactly("P-2", "P-4");
        assertThat(reader.rowsRead()).isEqualTo(4);
        assertThat(problems)
                .singleElement()
                .extracting(RowProblem::line, RowProblem::field)
                .containsExactly(4L, "*");

        String json = "[{\"practiceId\":\"P-1\",\"name\":\"A\",\"emails\":[\"a@example.org\"]}, 7,"
                + " {\"practiceId\":\"P-2\",\"name\":\"B\",\"emails\":\"b@example.org\",\"address\":{\"floor\":\"2\"}},"
                + " {\"practiceId\":\"P-3\",\"name\":\"C\",\"emails\":\"c@example.org\"},"
                + " {\"practiceId\":\"P-4\",\"name\":\"D\",\"emails\":\"d@example.org\"}]";
        DirectoryReader jsonReader = DirectoryJsonReader.open(in(json));
        List<RowProblem> jsonProblems = new ArrayList<>();
        assertThat(jsonReader.readBatch(2, jsonProblems::add))
                .extracting(row -> row.practice().practiceId())
                .containsExactly("P-1", "P-3");
        assertThat(jsonReader.rowsRead()).isEqualTo(4);
        assertThat(jsonProblems).extracting(RowProblem::field).containsExactly("*", "address.floor");
    }

    @Test
    void aFileThatStopsBeingUtf8AfterTheFirstBlockNamesItsLine() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("practice_id;name;emails\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5_000; i++) {
            file.writeBytes(("P-" + i + ";Praxis " + i + ";p" + i + "@example.org\n").getBytes(StandardCharsets.UTF_8));
        }
        file.writeBytes(new byte[] {'X', ';', (byte) 0xC3, (byte) 0x28, '\n'});
        DirectoryReader reader = DirectoryCsvReader.open(new ByteArrayInputStream(file.toByteArray()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                    while (!reader.readBatch(1_000, problem -> {}).isEmpty()) {
                        // read on
                    }
                })
                .isInstanceOf(DirectoryFileException.class)
                .hasMessageContaining("cannot read the file further: not UTF-8");
    }

    private static List<String> fields(Map<String, String> row) {
        List<RowProblem> problems = problems();
        validate(row, problems);
        return problems.stream().map(RowProblem::field).toList();
    }

    private static Practice validate(Map<String, String> row, List<RowProblem> problems) {
        return PracticeValidator.validate(2, row, problems::add);
    }

    private static List<RowProblem> problems() {
        return new ArrayList<>();
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
