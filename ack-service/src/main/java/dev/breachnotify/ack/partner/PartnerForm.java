package dev.breachnotify.ack.partner;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partner page's confirmation form as posted, and its validation. Fields:
 * <ul>
 *   <li>{@value #NAME}: who answers (required);</li>
 *   <li>{@value #ACTION}: {@code changed} or {@code declined} ("not our job");</li>
 *   <li>{@value #CHANGED_ON}: the change date ({@code yyyy-MM-dd} or {@code DD.MM.YYYY}), required for
 *       {@code changed}, not in the future;</li>
 *   <li>{@value #CREDENTIAL}: a credential id, or {@value #ALL} for every credential of the partner at each
 *       practice;</li>
 *   <li>{@value #SELECTED} (repeated): the ticked practices; or {@value #ONE}: the practice of the row whose button
 *       was pressed, which then alone counts.</li>
 * </ul>
 */
final class PartnerForm {

    static final String NAME = "name";
    static final String ACTION = "action";
    static final String CHANGED_ON = "changedOn";
    static final String CREDENTIAL = "credential";
    static final String SELECTED = "sel";
    static final String ONE = "one";
    static final String ALL = "*";
    static final String CHANGED = "changed";
    static final String DECLINED = "declined";
    /** The most practices one submission may answer for. */
    static final int MAX_PRACTICES = 5_000;
    /** The most fields read from a body. */
    static final int MAX_FIELDS = MAX_PRACTICES + 20;

    private PartnerForm() {}

    /** The outcome: the answers, or the problems (then nothing is recorded). */
    record Result(List<PartnerAnswer> answers, String confirmedBy, List<Problem> problems) {

        boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body (UTF-8), every value of a repeated field; a
     * body that cannot be decoded has no fields (and so no form token).
     */
    static Map<String, List<String>> fields(String body) {
        if (body == null || body.isEmpty()) {
            return Map.of();
        }
        try {
            return QueryStringDecoder.builder()
                    .hasPath(false)
                    .maxParams(MAX_FIELDS)
                    .semicolonIsNormalChar(true)
                    .htmlQueryDecoding(true)
                    .charset(StandardCharsets.UTF_8)
                    .build(body)
                    .parameters();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    /** The first value of a field, or {@code null}. */
    static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Validates everything before anything is recorded. */
    static Result validate(Map<String, List<String>> fields, Map<String, List<String>> list, LocalDate today) {
        AnswerRules rules = new AnswerRules(list, today);
        List<Problem> problems = new ArrayList<>();
        String name = AnswerRules.cleanName(first(fields, NAME));
        Problem nameProblem = AnswerRules.nameProblem(name);
        if (nameProblem != null) {
            problems.add(nameProblem);
        }
        Set<String> practices = practices(fields);
        if (practices.isEmpty()) {
            problems.add(Problem.of(Problem.Kind.NOTHING_SELECTED));
        } else if (practices.size() > MAX_PRACTICES) {
            problems.add(Problem.of(Problem.Kind.TOO_MANY, SELECTED, Integer.toString(practices.size())));
        }
        String action = first(fields, ACTION);
        LocalDate changedOn = null;
        if (CHANGED.equals(action)) {
            String date = first(fields, CHANGED_ON);
            if (date == null || date.isBlank()) {
                problems.add(Problem.of(Problem.Kind.DATE_MISSING, CHANGED_ON, null));
            } else if ((changedOn = AnswerRules.date(date)) == null) {
                problems.add(Problem.of(Problem.Kind.DATE_INVALID, CHANGED_ON, date));
            } else if (rules.inFuture(changedOn)) {
                problems.add(Problem.of(Problem.Kind.DATE_IN_FUTURE, CHANGED_ON, date));
            }
        } else if (!DECLINED.equals(action)) {
            problems.add(Problem.of(Problem.Kind.ACTION_UNKNOWN, ACTION, action));
        }
        String credential = first(fields, CREDENTIAL);
        if (credential == null || credential.isBlank()) {
            credential = ALL;
        }
        List<String> notOnList = new ArrayList<>();
        List<String> withoutCredential = new ArrayList<>();
        List<PartnerAnswer> answers = new ArrayList<>();
        for (String practice : practices) {
            List<String> credentials = rules.credentialsAt(practice);
            if (credentials == null) {
                notOnList.add(practice);
                continue;
            }
            List<String> chosen;
            if (ALL.equals(credential)) {
                chosen = credentials;
            } else {
                String known = AnswerRules.credential(credentials, credential);
                if (known == null) {
                    withoutCredential.add(practice);
                    continue;
                }
                chosen = List.of(known);
            }
            for (String id : chosen) {
                answers.add(
                        DECLINED.equals(action)
                                ? PartnerAnswer.notOurJob(practice, id)
                                : PartnerAnswer.changed(practice, id, changedOn));
            }
        }
        if (!notOnList.isEmpty()) {
            problems.add(Problem.of(Problem.Kind.NOT_ON_LIST, SELECTED, String.join(", ", shortList(notOnList))));
        }
        if (!withoutCredential.isEmpty()) {
            problems.add(Problem.of(
                    Problem.Kind.CREDENTIAL_NOT_YOURS, credential, String.join(", ", shortList(withoutCredential))));
        }
        return problems.isEmpty()
                ? new Result(List.copyOf(answers), name, List.of())
                : new Result(List.of(), name, List.copyOf(problems));
    }

    /** The practice of the row's own button, else every ticked one (in order, once each). */
    static Set<String> practices(Map<String, List<String>> fields) {
        Set<String> practices = new LinkedHashSet<>();
        String one = first(fields, ONE);
        if (one != null && !one.isBlank()) {
            practices.add(one.strip());
            return practices;
        }
        for (String selected : fields.getOrDefault(SELECTED, List.of())) {
            if (!selected.isBlank()) {
                practices.add(selected.strip());
            }
        }
        return practices;
    }

    /** At most 20 names, then how many more: a problem message stays readable. */
    private static List<String> shortList(List<String> ids) {
        if (ids.size() <= 20) {
            return ids;
        }
        List<String> shown = new ArrayList<>(ids.subList(0, 20));
        shown.add("… (+" + (ids.size() - 20) + ")");
        return shown;
    }
}
