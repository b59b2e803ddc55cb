package dev.breachnotify.console.web;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the services' CSV (RFC 4180, as platform's {@code CsvWriter} writes it) with Commons CSV. The console
 * writes no CSV of its own: its downloads pass the services' files through unchanged, formula cells already
 * neutralised there.
 */
final class Csv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().get();

    private Csv() {}

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
