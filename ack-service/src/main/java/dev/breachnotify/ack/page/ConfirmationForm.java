package dev.breachnotify.ack.page;

import dev.breachnotify.events.Credential;
import dev.breachnotify.events.RotationStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The confirmation form as posted, and its validation. Fields:
 * <ul>
 *   <li>{@value #ACKNOWLEDGED}: the checkbox "we received and read this advisory", value {@code yes};</li>
 *   <li>{@value #NAME}: who confirms (required, at most {@value #MAX_NAME} characters);</li>
 *   <li>{@value #STATUS_PREFIX}{@code <credential id>}: {@code CHANGED}, {@code CHANGED_BY_PROVIDER},
 *       {@code NOT_APPLICABLE}, or empty for "not yet";</li>
 *   <li>{@value #CHANGED_ON_PREFIX}{@code <credential id>}: the change date ({@code yyyy-MM-dd}), required for
 *       {@code CHANGED} and not in the future.</li>
 * </ul>
 * Other fields ({@code csrf}, {@code lang}) are the page's business and ignored here.
 */
public final class ConfirmationForm {

    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String NAME = "name";
    public static final String STATUS_PREFIX = "status:";
    public static final String CHANGED_ON_PREFIX = "changedOn:";
    public static final int MAX_NAME = 200;
    /** The most fields {@link #fields(String)} reads from a body: the form has a handful per credential. */
    static final int MAX_FIELDS = 1000;

    /** C0 and C1 controls, and the bidirectional embeddings, overrides and isolates that reorder shown text. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]");
    /** Unicode's white space: also no-break, line and paragraph separators, not only ASCII's. */
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private ConfirmationForm() {}

    /** A problem with one field; {@code credentialId} is set for the per-credential fields. */
    public record Problem(Kind kind, String credentialId) {

        /** What is wrong. */
        public enum Kind {
            NAME_MISSING,
            NAME_TOO_LONG,
            NOTHING_TO_RECORD,
            DATE_MISSING,
            DATE_INVALID,
            DATE_IN_FUTURE,
            STATUS_UNKNOWN,
            CREDENTIAL_UNKNOWN
        }

        static Problem of(Kind kind) {
            return new Problem(kind, null);
        }
    }

    /** One credential's answer. {@code changedOn} is set for {@link RotationStatus#CHANGED} only. */
    public record Answer(String credentialId, RotationStatus status, LocalDate changedOn) {}

    /** A valid submission: there is at least an acknowledgement or one answer. */
    public record Submission(boolean acknowledged, String confirmedBy, List<Answer> answers) {}

    /**
     * What the person entered, for showing the form again: the fields as posted, with the name cleaned.
     *
     * @param statuses   credential id to the status chosen (empty string for "not yet")
     * @param changedOns credential id to the date as typed
     */
    public record Entered(
            boolean acknowledged, String name, Map<String, String> statuses, Map<String, String> changedOns) {

        static Entered empty() {
            return new Entered(false, "", Map.of(), Map.of());
        }
    }

    /** The outcome: a submission, or the problems (and what was entered, to show it again). */
    public record Result(Submission submission, List<Problem> problems, Entered entered) {

        public boolean valid() {
            return submission != null;
        }
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body (UTF-8, as the page's forms send it):
     * {@code +} is a space, {@code %XX} a byte. The first value of a repeated field counts; a field without
     * {@code =} is empty; beyond {@value #MAX_FIELDS} fields the rest is ignored. A body that is not valid
     * (a broken {@code %} escape) has no fields, so that the form is refused for its missing token.
     */
    public static Map<String, String> fields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        try {
            // Netty's decoder of query strings (the form's encoding), not the framework's multipart-capable one
            QueryStringDecoder.builder()
                    .hasPath(false)
                    .maxParams(MAX_FIELDS)
                    .semicolonIsNormalChar(true)
                    .htmlQueryDecoding(true)
                    .charset(StandardCharsets.UTF_8)
                    .build(body)
                    .parameters()
                    .forEach((name, values) -> fields.put(name, values.get(0)));
        } catch (IllegalArgumentException e) {
            return new LinkedHashMap<>();
        }
        return fields;
    }

    /**
     * Validates the posted fields against the advisory's credentials.
     *
     * @param today the current date where the practice is, for "not in the future"
     */
    public static Result validate(Map<String, String> fields, List<Credential> credentials, LocalDate today) {
        List<Problem> problems = new ArrayList<>();
        Set<String> known = credentials.stream().map(Credential::id).collect(Collectors.toSet());

        boolean acknowledged = "yes".equals(fields.get(ACKNOWLEDGED)) || "on".equals(fields.get(ACKNOWLEDGED));
        String name = cleanName(fields.get(NAME));
        if (name.isEmpty()) {
            problems.add(Problem.of(Problem.Kind.NAME_MISSING));
        } else if (name.codePointCount(0, name.length()) > MAX_NAME) {
            problems.add(Problem.of(Problem.Kind.NAME_TOO_LONG));
        }

        Map<String, String> statuses = new LinkedHashMap<>();
        Map<String, String> changedOns = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String key = field.getKey();
            String credentialId = key.startsWith(STATUS_PREFIX)
                    ? key.substring(STATUS_PREFIX.length())
                    : key.startsWith(CHANGED_ON_PREFIX) ? key.substring(CHANGED_ON_PREFIX.length()) : null;
            if (credentialId == null) {
                continue;
            }
            if (!known.contains(credentialId)) {
                Problem unknown = new Problem(Problem.Kind.CREDENTIAL_UNKNOWN, credentialId);
                if (!problems.contains(unknown)) {
                    problems.add(unknown);
                }
                continue;
            }
            String value = field.getValue() == null ? "" : field.getValue().strip();
            (key.startsWith(STATUS_PREFIX) ? statuses : changedOns).put(credentialId, value);
        }

        List<Answer> answers = new ArrayList<>();
        for (Credential credential : credentials) {
            String status = statuses.getOrDefault(credential.id(), "");
            if (status.isEmpty()) {
                continue; // not yet
            }
            RotationStatus rotation;
            try {
                rotation = RotationStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(Problem.Kind.STATUS_UNKNOWN, credential.id()));
                continue;
            }
            LocalDate changedOn = null;
            if (rotation == RotationStatus.CHANGED) {
                String typed = changedOns.getOrDefault(credential.id(), "");
                if (typed.isEmpty()) {
                    problems.add(new Problem(Problem.Kind.DATE_MISSING, credential.id()));
                    continue;
                }
                try {
                    changedOn = LocalDate.parse(typed);
                } catch (DateTimeParseException e) {
                    problems.add(new Problem(Problem.Kind.DATE_INVALID, credential.id()));
                    continue;
                }
                if (changedOn.isAfter(today)) {
                    problems.add(new Problem(Problem.Kind.DATE_IN_FUTURE, credential.id()));
                    continue;
                }
            }
            answers.add(new Answer(credential.id(), rotation, changedOn));
        }

        if (!acknowledged && answers.isEmpty() && problems.stream().noneMatch(p -> p.credentialId() != null)) {
            problems.add(Problem.of(Problem.Kind.NOTHING_TO_RECORD));
        }
        Entered entered = new Entered(acknowledged, name, statuses, changedOns);
        return problems.isEmpty()
                ? new Result(new Submission(acknowledged, name, List.copyOf(answers)), List.of(), entered)
                : new Result(null, List.copyOf(problems), entered);
    }

    /**
     * The name as one line: control characters (C0 and C1) and bidirectional overrides become spaces, and runs of
     * white space (Unicode's, line separators included) one space.
     */
    public static String cleanName(String name) {
        if (name == null) {
            return "";
        }
        return WHITE_SPACE
                .matcher(CONTROL.matcher(name).replaceAll(" "))
                .replaceAll(" ")
                .strip();
    }
}
