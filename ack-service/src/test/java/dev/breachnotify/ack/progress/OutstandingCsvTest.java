package dev.breachnotify.ack.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.csv.HostileCsv;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutstandingCsvTest {

    @Test
    void hostileNamesAndIdsReachTheListAsTextNeverAsFormulas() throws Exception {
        List<AdvisoryProgress.Outstanding> rows = HostileCsv.CELLS.stream()
                .map(cell -> new AdvisoryProgress.Outstanding(cell, cell, "FAILED", true, false, List.of(cell)))
                .toList();

        List<List<String>> read = HostileCsv.parse(ProgressController.OutstandingCsv.write(rows));

        assertThat(read).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            String expected = HostileCsv.expected(HostileCsv.CELLS.get(i));
            assertThat(read.get(i + 1)).containsExactly(expected, expected, "FAILED", "true", "false", expected);
        }
        assertThat(HostileCsv.noFormulaCells(read)).isTrue();
    }

    @Test
    void oneLinePerPracticeWithWhatItMisses() {
        String csv = ProgressController.OutstandingCsv.write(List.of(new AdvisoryProgress.Outstanding(
                "P-1", "Praxis Eins", "FAILED", true, false, List.of("ti-konnektor", "praxis-admin"))));

        assertThat(csv)
                .isEqualTo(String.join(",", ProgressController.OutstandingCsv.HEADER) + "\r\n"
                        + "P-1,Praxis Eins,FAILED,true,false,ti-konnektor praxis-admin\r\n");
    }
}
