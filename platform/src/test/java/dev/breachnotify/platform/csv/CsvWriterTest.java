package dev.breachnotify.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void everyHostileCellReadsBackNeutralisedThroughAnIndependentParser() throws Exception {
        List<Object> row = new ArrayList<>(HostileCsv.CELLS);
        row.add(-5);
        row.add(true);
        row.add(null);

        String csv = CsvWriter.write(List.of("h"), List.of(row, List.of("second")));

        List<List<String>> read = HostileCsv.parse(csv);
        List<String> expected = new ArrayList<>(
                HostileCsv.CELLS.stream().map(HostileCsv::expected).toList());
        expected.addAll(List.of("-5", "true", ""));
        assertThat(read).containsExactly(List.of("h"), expected, List.of("second"));
        assertThat(read.get(1).get(0)).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"klick\")");
        assertThat(HostileCsv.noFormulaCells(read.subList(1, 2).stream()
                        .map(r -> r.subList(0, HostileCsv.CELLS.size()))
                        .toList()))
                .isTrue();
    }

    @Test
    void recordsEndWithCrLfAndPlainCellsAreNotQuoted() {
        StringBuilder out = new StringBuilder();
        CsvWriter.to(out).row("a", "b c", 1).row("x,y", "say \"hi\"");

        assertThat(out).hasToString("a,b c,1\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n");
    }
}
