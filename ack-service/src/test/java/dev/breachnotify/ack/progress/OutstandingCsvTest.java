package dev.breachnotify.ack.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.csv.HostileCsv;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutstandingCsvTest {

    @Test
    void hostileNamesAndIdsReachTheListAsTextNeverAsFormulas() throws Exception {
        List<AdvisoryProgress.Outstanding> rows = HostileCsv.CELLS.stream()
                .map(cell -> new AdvisoryProgress.Outstanding(
                        cell,
                        cell,
                        "FAILED",
                        true,
                        false,
                        List.of(cell),
                        List.of(new AdvisoryProgress.PartnerName(cell, cell))))
                .toList();

        List<List<String>> read = HostileCsv.parse(ProgressController.OutstandingCsv.write(rows));

        assertThat(read).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            String expected = HostileCsv.expected(HostileCsv.CELLS.get(i));
            assertThat(read.get(i + 1))
                    .containsExactly(expected, expected, "FAILED", "true", "false", expected, expected, expected);
        }
        assertThat(HostileCsv.noFormulaCells(read)).isTrue();
    }

    @Test
    void oneLinePerPracticeWithWhatItMisses() {
        String csv = ProgressController.OutstandingCsv.write(List.of(new AdvisoryProgress.Outstanding(
                "P-1", "Praxis Eins", "FAILED", true, false, List.of("ti-konnektor", "praxis-admin"))));

        assertThat(csv)
                .isEqualTo(String.join(",", ProgressController.OutstandingCsv.HEADER) + "\r\n"
                        + "P-1,Praxis Eins,FAILED,true,false,ti-konnektor praxis-admin,,\r\n");
    }

    @Test
    void thePartnersOfTheMissingCredentialsByIdAndName() throws Exception {
        String csv = ProgressController.OutstandingCsv.write(List.of(new AdvisoryProgress.Outstanding(
                "P-1",
                "Praxis Eins",
                "SENT",
                false,
                true,
                List.of("ti-konnektor", "praxis-admin"),
                List.of(
                        new AdvisoryProgress.PartnerName("IT-1", "Systemhaus Nord, GmbH"),
                        new AdvisoryProgress.PartnerName("IT-2", "=Praxis-IT")))));

        List<List<String>> read = HostileCsv.parse(csv);
        assertThat(read.get(1))
                .containsExactly(
                        "P-1",
                        "Praxis Eins",
                        "SENT",
                        "false",
                        "true",
                        "ti-konnektor praxis-admin",
                        "IT-1 IT-2",
                        HostileCsv.expected("Systemhaus Nord, GmbH; =Praxis-IT"));
        assertThat(HostileCsv.noFormulaCells(read)).isTrue();
    }

    @Test
    void thePartnerOfACredentialBeatsThePartnerOfEveryCredential() {
        String assignments = "[{\"credentialId\":\"*\",\"partnerId\":\"ALL\"},"
                + "{\"credentialId\":\"ti-konnektor\",\"partnerId\":\"TI\"}]";
        java.util.Map<String, String> names = java.util.Map.of("TI", "TI-Service");

        assertThat(ProgressQueries.partners(assignments, List.of("ti-konnektor"), names))
                .containsExactly(new AdvisoryProgress.PartnerName("TI", "TI-Service"));
        assertThat(ProgressQueries.partners(assignments, List.of("ti-konnektor", "praxis-admin"), names))
                .containsExactly(
                        new AdvisoryProgress.PartnerName("ALL", "ALL"),
                        new AdvisoryProgress.PartnerName("TI", "TI-Service"));
        assertThat(ProgressQueries.partners(null, List.of("ti-konnektor"), names))
                .isEmpty();
    }
}
