package dev.breachnotify.ack.progress;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutstandingCsvTest {

    @Test
    void cellsAreQuotedAndNeverFormulas() {
        assertThat(ProgressController.OutstandingCsv.cell("Praxis Nord")).isEqualTo("Praxis Nord");
        assertThat(ProgressController.OutstandingCsv.cell("Müller, \"Partner\"")).isEqualTo("\"Müller, \"\"Partner\"\"\"");
        assertThat(ProgressController.OutstandingCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(ProgressController.OutstandingCsv.cell(null)).isEmpty();
    }

    @Test
    void oneLinePerPracticeWithWhatItMisses() {
        String csv = ProgressController.OutstandingCsv.write(List.of(new AdvisoryProgress.Outstanding(
                "P-1", "Praxis Eins", "FAILED", true, false, List.of("ti-konnektor", "praxis-admin"))));

        assertThat(csv).isEqualTo(ProgressController.OutstandingCsv.HEADER + "\r\n"
                + "P-1,Praxis Eins,FAILED,true,false,ti-konnektor praxis-admin\r\n");
    }
}
