package dev.breachnotify.platform.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hostile cells every CSV writer of breach-notify is fed in its tests, and an independent reader of the
 * result: Python's {@code csv} module (Debian's {@code /usr/bin/python3}), not Commons CSV that wrote it.
 */
public final class HostileCsv {

    /** Formulas, leading tab and CR, quotes, semicolons, commas and line breaks, as an import may carry them. */
    public static final List<String> CELLS = List.of(
            "=HYPERLINK(\"http://evil.example\",\"klick\")",
            "+49 Praxis",
            "-2+3 Praxis",
            "@SUM(1)",
            "\t=1+1",
            "\r=1+1",
            "Praxis \"Nord\"",
            "a;b;=c",
            "Zeile 1\nZeile 2\r\nZeile 3",
            "Müller, Schmidt & Partner");

    private static final String READER = """
            import csv, sys
            with open(sys.argv[1], newline='', encoding='utf-8') as f:
                for row in csv.reader(f, strict=True):
                    print(','.join(cell.encode('utf-8').hex() for cell in row))
            """;

    private HostileCsv() {}

    /** What a hostile cell must read as in the CSV: neutralised with a leading {@code '}, else unchanged. */
    public static String expected(String cell) {
        return "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }

    /** The rows of a CSV as Python's csv module reads them. */
    public static List<List<String>> parse(String csv) throws IOException, InterruptedException {
        Path file = Files.createTempFile("hostile", ".csv");
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            Process python = new ProcessBuilder("/usr/bin/python3", "-c", READER, file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
                throw new IllegalStateException("python3's csv module could not read the CSV: " + out);
            }
            List<List<String>> rows = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                List<String> row = new ArrayList<>();
                for (String hex : line.split(",", -1)) {
                    row.add(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
                }
                rows.add(row);
            }
            return rows;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Whether no cell of the rows would start a spreadsheet formula. */
    public static boolean noFormulaCells(List<List<String>> rows) {
        return rows.stream()
                .flatMap(List::stream)
                .noneMatch(cell -> !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0);
    }
}
