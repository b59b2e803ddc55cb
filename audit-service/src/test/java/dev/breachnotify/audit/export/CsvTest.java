package dev.breachnotify.audit.export;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    private static String record(String... fields) {
        StringBuilder out = new StringBuilder();
        Csv.appendRecord(out, Arrays.asList(fields));
        return out.toString();
    }

    @Test
    void plainFieldsAreWrittenAsTheyAreAndARecordEndsWithCrLf() {
        assertThat(record("0", "2026-11-20T09:00:00Z", "email.sent")).isEqualTo("0,2026-11-20T09:00:00Z,email.sent\r\n");
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        assertThat(record("a,b")).isEqualTo("\"a,b\"\r\n");
        assertThat(record("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"\r\n");
        assertThat(record("line1\nline2")).isEqualTo("\"line1\nline2\"\r\n");
        assertThat(record("cr\rlf\r\n")).isEqualTo("\"cr\rlf\r\n\"\r\n");
        assertThat(record("{\"a\":1,\"b\":\"x\"}")).isEqualTo("\"{\"\"a\"\":1,\"\"b\"\":\"\"x\"\"}\"\r\n");
    }

    @Test
    void nullAndEmptyAreEmptyFields() {
        assertThat(record("a", null, "", "b")).isEqualTo("a,,,b\r\n");
    }

    @Test
    void aStrictRfc4180ReaderGetsEveryFieldBackUnchanged() throws IOException {
        List<String> fields = List.of("plain", "com,ma", "\"quoted\"", "multi\r\nline\n", " spaced ", "Müller 😀",
                "{\"practiceId\":\"P-1\",\"note\":\"a, \\\"b\\\"\"}", "=1+1");
        String csv = record(fields.toArray(String[]::new)) + record("second", "row");

        List<List<String>> read = new ArrayList<>();
        try (CSVParser parser = CSVFormat.RFC4180.parse(new StringReader(csv))) {
            for (CSVRecord row : parser) {
                read.add(row.toList());
            }
        }

        assertThat(read).containsExactly(fields, List.of("second", "row"));
    }
}
