package dev.breachnotify.ack.partner;

import dev.breachnotify.ack.page.ConfirmationForm;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules the form and the CSV upload share: which practices and credentials a partner may answer for (its
 * list), how a date is written, and the name of the person who answers.
 */
final class AnswerRules {

    /** The longest name accepted, as on the practice page. */
    static final int MAX_NAME = 200;

    private static final DateTimeFormatter GERMAN_DATE =
            DateTimeFormatter.ofPattern("d.M.uuuu", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private final Map<String, List<String>> list;
    private final LocalDate today;

    /**
     * @param list  practice id to the credentials the partner is responsible for there
     * @param today the current date where the service is, for "not in the future"
     */
    AnswerRules(Map<String, List<String>> list, LocalDate today) {
        this.list = list;
        this.today = today;
    }

    /** The credentials of the partner at a practice, or {@code null} if the practice is not on its list. */
    List<String> credentialsAt(String practiceId) {
        return list.get(practiceId);
    }

    /** The credential id as the partner's list spells it, or {@code null} if it is none of them. */
    static String credential(List<String> credentials, String typed) {
        for (String credential : credentials) {
            if (credential.equalsIgnoreCase(typed.strip())) {
                return credential;
            }
        }
        return null;
    }

    /** A date as {@code yyyy-MM-dd} or {@code DD.MM.YYYY}, or {@code null} if it is neither. */
    static LocalDate date(String text) {
        String value = text.strip();
        try {
            return value.contains(".") ? LocalDate.parse(value, GERMAN_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    boolean inFuture(LocalDate date) {
        return date.isAfter(today);
    }

    /**
     * The name as one line, cleaned as on the practice page: control characters and bidirectional overrides
     * become spaces, runs of white space one space.
     */
    static String cleanName(String name) {
        return ConfirmationForm.cleanName(name);
    }

    /** The problem with a cleaned name, or {@code null}. */
    static Problem nameProblem(String cleaned) {
        if (cleaned.isEmpty()) {
            return Problem.of(Problem.Kind.NAME_MISSING, "name", null);
        }
        if (cleaned.length() > MAX_NAME) {
            return Problem.of(Problem.Kind.NAME_TOO_LONG, "name", null);
        }
        return null;
    }
}
