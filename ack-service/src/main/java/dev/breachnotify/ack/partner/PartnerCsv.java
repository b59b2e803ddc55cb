package dev.breachnotify.ack.partner;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A partner's CSV upload from its own ticket system, read and validated as a whole: columns {@code practice_id},
 * {@code credential} (optional: empty means every credential of the partner at that practice), {@code changed_on}
 * ({@code yyyy-MM-dd} or {@code DD.MM.YYYY}) and {@code status} (optional: {@code changed}, the default, or
 * {@code not-our-job}). A first line naming any of the columns sets their order; without it the order is the one above.
 * Delimiter {@code ,} or {@code ;} (whichever the first line has more of), UTF-8 with or without byte order mark,
 * at most {@value #MAX_BYTES} bytes and {@value #MAX_ROWS} rows.
 *
 * <p>Every bad line is reported (line, column, problem); with any problem there are no answers, so that nothing
 * of a file is half recorded.
 */
final class PartnerCsv {

    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_ROWS = 5_000;
    static final String PRACTICE = "practice_id";
    static final String CREDENTIAL = "credential";
    static final String CHANGED_ON = "changed_on";
    static final String STATUS = "status";
    private static final List<String> DEFAULT_COLUMNS = List.of(PRACTICE, CREDENTIAL, CHANGED_ON, STATUS);
    /** The most problems listed: beyond, the file is wrong as a whole and more lines would not help. */
    static final int MAX_PROBLEMS = 500;

    private PartnerCsv() {}

    /** The outcome: the answers of every row, or the problems (then no answers). */
    record Report(List<PartnerAnswer> answers, int rows, List<Problem> problems) {

        boolean valid() {
            return problems.isEmpty();
        }
    }

    static Report read(byte[] file, AnswerRules rules) {
        if (file == null || file.length == 0) {
            return failed(Problem.Kind.FILE_MISSING, null);
        }
        if (file.length > MAX_BYTES) {
            return failed(Problem.Kind.FILE_TOO_LARGE, Integer.toString(file.length));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            return failed(Problem.Kind.FILE_NOT_UTF8, null);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String firstLine = text.lines().findFirst().orElse("");
        char delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.builder()
                .setReader(new StringReader(text))
                .setFormat(format)
                .get()) {
            records = parser.getRecords();
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            return failed(Problem.Kind.FILE_MALFORMED, e.getMessage());
        }
        return validate(records, newlines(text), rules);
    }

    private static Report validate(List<CSVRecord> records, int[] newlines, AnswerRules rules) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> columns = new HashMap<>();
        int start = 0;
        if (!records.isEmpty() && isHeader(records.get(0))) {
            CSVRecord header = records.get(0);
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
            }
            start = 1;
            if (!columns.containsKey(PRACTICE)) {
                problems.add(new Problem(1, PRACTICE, Problem.Kind.HEADER_MISSING, null));
                return new Report(List.of(), 0, problems);
            }
        } else {
            for (int i = 0; i < DEFAULT_COLUMNS.size(); i++) {
                columns.put(DEFAULT_COLUMNS.get(i), i);
            }
        }
        int rows = records.size() - start;
        if (rows == 0) {
            return failed(Problem.Kind.FILE_MISSING, null);
        }
        if (rows > MAX_ROWS) {
            return failed(Problem.Kind.TOO_MANY, Integer.toString(rows));
        }
        List<PartnerAnswer> answers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord record : records.subList(start, records.size())) {
            if (problems.size() >= MAX_PROBLEMS) {
                break;
            }
            row(record, lineAt(newlines, record.getCharacterPosition()), columns, rules, seen, answers, problems);
        }
        return problems.isEmpty()
                ? new Report(List.copyOf(answers), rows, List.of())
                : new Report(List.of(), rows, List.copyOf(problems));
    }

    private static void row(
            CSVRecord record,
            int line,
            Map<String, Integer> columns,
            AnswerRules rules,
            Set<String> seen,
            List<PartnerAnswer> answers,
            List<Problem> problems) {
        String practice = cell(record, columns, PRACTICE);
        String credential = cell(record, columns, CREDENTIAL);
        String changedOn = cell(record, columns, CHANGED_ON);
        String status = cell(record, columns, STATUS).toLowerCase(Locale.ROOT);
        int before = problems.size();
        boolean declined = switch (status) {
            case "", "changed" -> false;
            case "not-our-job", "not_our_job", "declined" -> true;
            default -> {
                problems.add(new Problem(line, STATUS, Problem.Kind.STATUS_UNKNOWN, status));
                yield false;
            }
        };
        if (practice.isEmpty()) {
            problems.add(new Problem(line, PRACTICE, Problem.Kind.PRACTICE_MISSING, null));
            return;
        }
        List<String> credentials = rules.credentialsAt(practice);
        if (credentials == null) {
            problems.add(new Problem(line, PRACTICE, Problem.Kind.NOT_ON_LIST, practice));
            return;
        }
        List<String> chosen = credentials;
        if (!credential.isEmpty()) {
            String known = AnswerRules.credential(credentials, credential);
            if (known == null) {
                problems.add(new Problem(line, CREDENTIAL, Problem.Kind.CREDENTIAL_NOT_YOURS, credential));
                return;
            }
            chosen = List.of(known);
        }
        LocalDate date = null;
        if (!declined) {
            if (changedOn.isEmpty()) {
                problems.add(new Problem(line, CHANGED_ON, Problem.Kind.DATE_MISSING, null));
            } else if ((date = AnswerRules.date(changedOn)) == null) {
                problems.add(new Problem(line, CHANGED_ON, Problem.Kind.DATE_INVALID, changedOn));
            } else if (rules.inFuture(date)) {
                problems.add(new Problem(line, CHANGED_ON, Problem.Kind.DATE_IN_FUTURE, changedOn));
            }
        }
        if (problems.size() > before) {
            return; // one problem of a row is enough to show it; a duplicate is looked for in good rows
        }
        for (String id : chosen) {
            if (!seen.add(practice + '\n' + id)) {
                problems.add(new Problem(line, PRACTICE, Problem.Kind.DUPLICATE, practice + " / " + id));
                return;
            }
        }
        for (String id : chosen) {
            answers.add(declined ? PartnerAnswer.notOurJob(practice, id) : PartnerAnswer.changed(practice, id, date));
        }
    }

    /** The positions of the text's line feeds, in order. */
    private static int[] newlines(String text) {
        return java.util.stream.IntStream.range(0, text.length())
                .filter(i -> text.charAt(i) == '\n')
                .toArray();
    }

    /** The line (1-based) of a character position: one more than the line feeds before it. */
    static int lineAt(int[] newlines, long position) {
        int index = java.util.Arrays.binarySearch(newlines, (int) position);
        return (index >= 0 ? index : -index - 1) + 1;
    }

    private static String cell(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null || index >= record.size()) {
            return "";
        }
        return record.get(index).strip();
    }

    private static boolean isHeader(CSVRecord record) {
        for (String value : record) {
            if (DEFAULT_COLUMNS.contains(value.strip().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static long count(String line, char c) {
        return line.chars().filter(ch -> ch == c).count();
    }

    private static Report failed(Problem.Kind kind, String value) {
        return new Report(List.of(), 0, List.of(new Problem(0, null, kind, value)));
    }
}
