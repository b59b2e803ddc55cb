package dev.breachnotify.notifier.advisory;

import dev.breachnotify.events.AdvisoryPublished.Audience;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a draft (with defaults applied) and lists every problem as "field: reason". Pure. */
final class AdvisoryValidator {

    static final List<String> LANGUAGES = List.of("de", "en");
    private static final Pattern CREDENTIAL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    private AdvisoryValidator() {}

    static List<String> problems(AdvisoryDraft draft, LocalDate today) {
        List<String> problems = new ArrayList<>();
        if (draft.title() == null || draft.title().isBlank()) {
            problems.add("title: is missing");
        } else if (draft.title().length() > 200 || draft.title().matches("(?s).*[\\r\\n].*")) {
            problems.add("title: must be one line of at most 200 characters");
        }
        for (String language : LANGUAGES) {
            LocalizedText text = draft.texts() == null ? null : draft.texts().get(language);
            String field = "texts." + language;
            if (text == null) {
                problems.add(field + ": is missing (every advisory needs German and English)");
                continue;
            }
            if (text.subject() == null || text.subject().isBlank()) {
                problems.add(field + ".subject: is missing");
            } else {
                if (text.subject().matches("(?s).*[\\r\\n].*")) {
                    problems.add(field + ".subject: must not contain line breaks (CR/LF)");
                }
                if (text.subject().length() > 200) {
                    problems.add(field + ".subject: longer than 200 characters");
                }
                MessageTemplate.unknownPlaceholders(text.subject())
                        .forEach(name -> problems.add(field + ".subject: unknown placeholder {{" + name + "}}; known: "
                                + MessageTemplate.PLACEHOLDERS));
            }
            if (text.body() == null || text.body().isBlank()) {
                problems.add(field + ".body: is missing");
            } else {
                if (text.body().length() > 20_000) {
                    problems.add(field + ".body: longer than 20000 characters");
                }
                MessageTemplate.unknownPlaceholders(text.body())
                        .forEach(name -> problems.add(field + ".body: unknown placeholder {{" + name + "}}; known: "
                                + MessageTemplate.PLACEHOLDERS));
            }
        }
        if (draft.texts() != null) {
            draft.texts().keySet().stream()
                    .filter(language -> !LANGUAGES.contains(language))
                    .forEach(language -> problems.add("texts." + language + ": unknown language (use de, en)"));
        }
        if (draft.summary() != null) {
            draft.summary().forEach((language, summary) -> {
                if (!LANGUAGES.contains(language)) {
                    problems.add("summary." + language + ": unknown language (use de, en)");
                } else if (summary != null && summary.length() > 2_000) {
                    problems.add("summary." + language + ": longer than 2000 characters");
                }
            });
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < draft.credentials().size(); i++) {
            Credential credential = draft.credentials().get(i);
            String field = "credentials[" + i + "]";
            if (credential.id() == null
                    || !CREDENTIAL_ID.matcher(credential.id()).matches()) {
                problems.add(field + ".id: must be lower-case letters, digits and '-'");
            } else if (!ids.add(credential.id())) {
                problems.add(field + ".id: duplicate '" + credential.id() + "'");
            }
            for (String language : LANGUAGES) {
                String label = credential.label().get(language);
                if (label == null || label.isBlank()) {
                    problems.add(field + ".label." + language + ": is missing");
                }
            }
        }
        if (draft.deadline() == null) {
            problems.add("deadline: is missing");
        } else if (!draft.deadline().isAfter(today)) {
            problems.add("deadline: must be after today (" + today + ")");
        }
        EscalationSchedule schedule = draft.schedule();
        if (schedule != null) {
            checkDays(problems, "schedule.reminderAfterDays", schedule.reminderAfterDays());
            checkDays(problems, "schedule.letterAfterDays", schedule.letterAfterDays());
        }
        if (draft.recipients() != null) {
            problems.addAll(draft.recipients().problems());
        }
        Audience audience = draft.audience();
        if (audience.kind() == null) {
            problems.add("audience.kind: is missing (ALL, SEGMENTS or PRACTICES)");
        } else if (audience.kind() != Audience.Kind.ALL && audience.values().isEmpty()) {
            problems.add("audience.values: name at least one "
                    + audience.kind().name().toLowerCase().replaceAll("s$", ""));
        }
        return problems;
    }

    private static void checkDays(List<String> problems, String field, Integer days) {
        if (days != null && (days < 0 || days > 365)) {
            problems.add(field + ": must be between 0 (step off) and 365 days, not " + days);
        }
    }
}
