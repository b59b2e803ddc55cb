package dev.breachnotify.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.csv.CsvWriter;
import dev.breachnotify.platform.csv.HostileCsv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit export's records as {@link AuditLogReader} writes them, with hostile values in every text column. */
class AuditCsvTest {

    @Test
    void hostileValuesAreNeutralisedWhileTheEventJsonStaysByteForByte() throws Exception {
        StringBuilder out = new StringBuilder();
        CsvWriter csv = CsvWriter.to(out);
        csv.row(AuditLogReader.COLUMNS);
        List<List<String>> written = new ArrayList<>();
        for (String cell : HostileCsv.CELLS) {
            String json = "{\"practiceId\":\""
                    + cell.replace("\"", "\\\"")
                            .replace("\n", "\\n")
                            .replace("\r", "\\r")
                            .replace("\t", "\\t") + "\"}";
            List<String> fields = List.of(
                    "7",
                    "2026-11-20T09:00:00Z",
                    "2026-11-20T09:00:00Z",
                    cell,
                    cell,
                    cell,
                    "00000000-0000-0000-0000-000000000001",
                    cell,
                    "ab".repeat(32),
                    json);
            csv.row(fields);
            written.add(fields);
        }

        List<List<String>> read = HostileCsv.parse(out.toString());

        assertThat(read.get(0)).isEqualTo(AuditLogReader.COLUMNS);
        for (int i = 0; i < written.size(); i++) {
            List<String> fields = written.get(i);
            List<String> expected = fields.stream().map(HostileCsv::expected).toList();
            assertThat(read.get(i + 1)).isEqualTo(expected);
            assertThat(read.get(i + 1).get(9)).isEqualTo(fields.get(9));
        }
        assertThat(HostileCsv.noFormulaCells(read)).isTrue();
    }
}
