package dev.breachnotify.notifier.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryReadersTest {

    @Test
    void csvWithBomCommasAndQuotedFieldsReadsLikeTheGermanExport() {
        String csv = "\uFEFFpractice_id,name,emails,street,postcode,city,preferred_channel\n"
                + "P-1,\"Praxis Weber, Dr.\",\"a@example.org, b@example.org\",,,,email\n"
                + "P-2,Praxis Brief,,Weg 1,12345,Ort,letter\n";

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = read(DirectoryCsvReader.open(in(csv)), problems);

        assertThat(problems).isEmpty();
        assertThat(rows).extracting(row -> row.practice().name()).containsExactly("Praxis Weber, Dr.", "Praxis Brief");
        assertThat(rows.get(0).practice().emails()).containsExactly("a@example.org", "b@example.org");
        assertThat(rows.get(1).line()).isEqualTo(3);
    }

    @Test
    void everyProblemOfARowIsReportedWithItsLineAndDuplicatesAreRejected() {
        String csv = "practice_id;name;emails;language;preferred_channel\n"
                + "P-1;A;a@example.org;de;email\n"
                + "P-1;B;b@example.org;de;email\n"
                + ";C;nope;fr;fax\n";

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = read(DirectoryCsvReader.open(in(csv)), problems);

        assertThat(rows).hasSize(1);
        assertThat(problems)
                .extracting(RowProblem::line, RowProblem::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "practice_id"),
                        org.assertj.core.groups.Tuple.tuple(4L, "practice_id"),
                        org.assertj.core.groups.Tuple.tuple(4L, "emails"),
                        org.assertj.core.groups.Tuple.tuple(4L, "language"),
                        org.assertj.core.groups.Tuple.tuple(4L, "preferred_channel"));
    }

    @Test
    void aFileThatIsNotUtf8OrHasAnUnknownColumnIsRejectedWhole() {
        byte[] latin1 = "practice_id;name\nP-1;Praxis Müller\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(DirectoryCsvReader.open(new ByteArrayInputStream(latin1)), new ArrayList<>()))
                .isInstanceOf(DirectoryFileException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> DirectoryCsvReader.open(in("practice_id;name;fax\n")))
                .hasMessage("line 1: unknown column 'fax'; known columns: " + DirectoryColumns.ALL + " and "
                        + DirectoryColumns.FURTHER_COLUMNS);
    }

    @Test
    void jsonPracticesInTheEventShapeAreValidatedLikeCsvRows() {
        String json = """
                [
                  {"practiceId": "P-1", "name": "Praxis Weber", "emails": ["a@example.org"],
                   "address": {"street": "Weg 1", "postcode": "12345", "city": "Ort"}, "preferredChannel": "both"},
                  {"practiceId": "P-2", "name": "Praxis X", "fax": "123"},
                  {"practiceId": "P-3", "name": "Praxis Y", "emails": "broken"}
                ]
                """;

        List<RowProblem> problems = new ArrayList<>();
        List<PracticeRow> rows = read(DirectoryJsonReader.open(in(json)), problems);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.practice().address().city()).isEqualTo("Ort");
            assertThat(row.line()).isEqualTo(2);
        });
        assertThat(problems)
                .extracting(RowProblem::line, RowProblem::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4L, "fax"),
                        org.assertj.core.groups.Tuple.tuple(5L, "emails"));
        assertThatThrownBy(() -> DirectoryJsonReader.open(in("{\"practiceId\": 1}")))
                .hasMessageContaining("expected a JSON array");
    }

    @Test
    void aMalformedOrOverlongHeaderIsRefusedAsAFileProblemOnLine1() {
        assertThatThrownBy(() -> DirectoryCsvReader.open(in("practice_id;\"name\nP-1;A\n")))
                .isInstanceOf(DirectoryFileException.class)
                .hasMessageStartingWith("line 1: malformed CSV header: ");
        assertThatThrownBy(() -> DirectoryCsvReader.open(in("practice_id;name;" + "x".repeat(70_000) + "\nP-1;A\n")))
                .isInstanceOf(DirectoryFileException.class)
                .hasMessageStartingWith("line 1: the header row is longer than 65536 characters");
        assertThatThrownBy(() -> DirectoryCsvReader.open(in("\uFEFF")))
                .isInstanceOf(DirectoryFileException.class)
                .hasMessageStartingWith("line 1: the file is empty");
    }

    @Test
    void aJsonFileInABrokenUtf32IsRefusedAsAFileProblem() {
        // Jackson detects UTF-32 from the leading zero bytes and reports a bad character as an IOException
        byte[] utf32 = {0, 0, 0, '[', 0x7f, 0x7f, 0x7f, 0x7f};

        assertThatThrownBy(() -> read(DirectoryJsonReader.open(new ByteArrayInputStream(utf32)), new ArrayList<>()))
                .isInstanceOf(DirectoryFileException.class);
    }

    private static List<PracticeRow> read(DirectoryReader reader, List<RowProblem> problems) {
        List<PracticeRow> all = new ArrayList<>();
        List<PracticeRow> batch;
        while (!(batch = reader.readBatch(2, problems::add)).isEmpty()) {
            all.addAll(batch);
        }
        return all;
    }

    private static ByteArrayInputStream in(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
