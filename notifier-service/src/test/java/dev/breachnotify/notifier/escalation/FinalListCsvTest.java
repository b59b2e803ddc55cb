package dev.breachnotify.notifier.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.platform.csv.HostileCsv;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalListCsvTest {

    @Test
    void theFinalListIsCsvWithQuotedNamesAndAStableHash() {
        List<EscalationStore.FinalListRow> rows = List.of(
                new EscalationStore.FinalListRow("P-1", "Praxis \"Eins\", Berlin", false, List.of("a", "b")),
                new EscalationStore.FinalListRow("P-2", null, true, List.of("b")));

        String csv = Escalations.csv(rows);

        assertThat(csv).isEqualTo("""
                practice_id,practice_name,acknowledged,missing,partners
                P-1,"Praxis ""Eins"", Berlin",false,a b,
                P-2,,true,b,
                """.replace("\n", "\r\n"));
        assertThat(Escalations.sha256(csv)).hasSize(64).isEqualTo(Escalations.sha256(Escalations.csv(rows)));
    }

    @Test
    void hostileNamesAndIdsReachTheFinalListAsTextNeverAsFormulas() throws Exception {
        List<EscalationStore.FinalListRow> rows = HostileCsv.CELLS.stream()
                .map(cell -> new EscalationStore.FinalListRow(cell, cell, false, List.of(cell)))
                .toList();

        List<List<String>> read = HostileCsv.parse(Escalations.csv(rows));

        assertThat(read).hasSize(rows.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            String expected = HostileCsv.expected(HostileCsv.CELLS.get(i));
            assertThat(read.get(i + 1)).containsExactly(expected, expected, "false", expected, "");
        }
        assertThat(HostileCsv.noFormulaCells(read)).isTrue();
    }

    @Test
    void theFinalListIsGroupedByPartnerWithPracticesWithoutOneLast() {
        List<EscalationStore.FinalListRow> rows = List.of(
                new EscalationStore.FinalListRow("P-1", "Eins", true, List.of("a"), List.of()),
                new EscalationStore.FinalListRow("P-2", "Zwei", true, List.of("a"), List.of("itp-b")),
                new EscalationStore.FinalListRow("P-3", "Drei", false, List.of("a", "b"), List.of("itp-a", "itp-b")),
                new EscalationStore.FinalListRow("P-4", "Vier", true, List.of("b"), List.of("itp-a")));

        assertThat(Escalations.csv(rows)).isEqualTo("""
                practice_id,practice_name,acknowledged,missing,partners
                P-4,Vier,true,b,itp-a
                P-3,Drei,false,a b,itp-a itp-b
                P-2,Zwei,true,a,itp-b
                P-1,Eins,true,a,
                """.replace("\n", "\r\n"));
    }

    @Test
    void aListDrawnUpBeforePartnersExistedKeepsItsColumnsAndSoItsHash() {
        List<EscalationStore.FinalListRow> rows =
                List.of(new EscalationStore.FinalListRow("P-2", null, true, List.of("b"), null));

        assertThat(Escalations.csv(rows)).isEqualTo("""
                practice_id,practice_name,acknowledged,missing
                P-2,,true,b
                """.replace("\n", "\r\n"));
    }

    @Test
    void aPracticeIsDoneOnlyWhenItAcknowledgedAndConfirmedEveryCredential() {
        assertThat(new Outstanding("P-1", true, List.of()).done()).isTrue();
        assertThat(new Outstanding("P-1", false, List.of()).missing()).containsExactly("acknowledgement");
        assertThat(new Outstanding("P-1", true, List.of("ti-konnektor")).done()).isFalse();
        assertThat(new Outstanding("P-1", false, List.of("ti-konnektor")).missing())
                .containsExactly("acknowledgement", "ti-konnektor");
    }
}
