package dev.breachnotify.ack.page;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.projection.ProjectionQueries.Confirmation;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticeName;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticePage;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the models of the page templates ({@code src/main/resources/views}). Every value is plain text; the
 * templates escape it.
 */
@Singleton
class PageModels {

    private final AckSettings settings;
    private final Clock clock;

    PageModels(AckSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** One credential on the page: what is on record and the form's fields for it. */
    public record CredentialRow(int index, String id, String label, String statusField, String dateField,
                                String selected, String changedOn, String current, List<String> problems) {
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(settings.getTimeZone()));
    }

    /** The model every page has: language, texts, vendor, the never-a-password statement. */
    Map<String, Object> base(String language, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("lang", language);
        model.put("otherLang", Texts.other(language));
        model.put("t", Texts.of(language));
        model.put("vendor", settings.getVendorName());
        model.put("title", title);
        model.put("neverAskPassword", Texts.neverAskPassword(language, settings.getVendorName()));
        return model;
    }

    /** The code-entry page, with the problem of what was typed, if any. */
    Map<String, Object> entry(String language, String typed, String problem) {
        Map<String, Object> model = base(language, Texts.of(language).get(problem == null ? "enterTitle"
                : "invalidCodeTitle"));
        model.put("typed", typed == null ? "" : typed);
        model.put("switchHref", "/?lang=" + Texts.other(language));
        model.put("problem", problem == null ? null : Texts.codeProblem(language, problem));
        return model;
    }

    /** A page with a message and an optional link. */
    Map<String, Object> message(String language, String titleKey, String text, String linkHref, String linkLabel) {
        Map<String, Object> model = base(language, Texts.of(language).get(titleKey));
        model.put("text", text);
        model.put("linkHref", linkHref);
        model.put("linkLabel", linkLabel);
        return model;
    }

    /**
     * The advisory with what the practice confirmed so far and the form.
     *
     * @param problems problems of a rejected submission, or empty
     * @param entered  what was entered in a rejected submission, to show it again
     */
    Map<String, Object> advisory(String language, String code, PracticePage page, String csrf, boolean saved,
                                 List<ConfirmationForm.Problem> problems, ConfirmationForm.Entered entered) {
        AdvisoryPublished advisory = page.advisory();
        LocalizedText text = advisory.texts() == null ? null : advisory.textIn(language);
        if (text == null && advisory.texts() != null && !advisory.texts().isEmpty()) {
            text = advisory.texts().values().iterator().next();
        }
        Map<String, String> values = MessageTemplate.values(advisory, page.code().practiceId(),
                page.practice().map(PracticeName::name).orElse(""), null, language, "/a/" + code, code);
        String subject = text != null && text.subject() != null
                ? MessageTemplate.renderText(text.subject(), values) : advisory.title();
        Map<String, Object> model = base(language, subject);
        model.put("code", code);
        model.put("switchHref", "/a/" + code + "?lang=" + Texts.other(language));
        model.put("subject", subject);
        model.put("body", text == null || text.body() == null ? "" : MessageTemplate.renderText(text.body(), values));
        model.put("practiceName", page.practice().map(p -> p.name()).filter(n -> !n.isBlank()).orElse(null));
        model.put("deadline", advisory.deadline() == null ? null : Texts.date(language, advisory.deadline()));
        model.put("saved", saved && problems.isEmpty());
        model.put("csrf", csrf);
        model.put("today", today().toString());

        model.put("acknowledgement", page.acknowledgement()
                .map(ack -> Texts.acknowledged(language, ack.confirmedBy(),
                        Texts.dateTime(language, ack.submittedAt(), settings.getTimeZone())))
                .orElse(null));

        List<Credential> credentials = advisory.credentials() == null ? List.of() : advisory.credentials();
        Map<String, Credential> byId = credentials.stream()
                .collect(Collectors.toMap(Credential::id, Function.identity(), (a, b) -> a));
        Map<String, Confirmation> confirmed = page.confirmations().stream()
                .collect(Collectors.toMap(Confirmation::credentialId, Function.identity(), (a, b) -> a));
        List<CredentialRow> rows = new ArrayList<>();
        for (int i = 0; i < credentials.size(); i++) {
            Credential credential = credentials.get(i);
            Confirmation current = confirmed.get(credential.id());
            String currentText = current == null ? Texts.of(language).get("credentialOpen")
                    : Texts.status(language, current.status(), current.changedOn()) + " "
                            + Texts.confirmedBy(language, current.confirmedBy(),
                                    Texts.dateTime(language, current.submittedAt(), settings.getTimeZone()));
            String label = credential.labelIn(language);
            List<String> rowProblems = problems.stream()
                    .filter(p -> credential.id().equals(p.credentialId()))
                    .map(p -> Texts.problem(language, p, label))
                    .toList();
            rows.add(new CredentialRow(i, credential.id(), label,
                    ConfirmationForm.STATUS_PREFIX + credential.id(),
                    ConfirmationForm.CHANGED_ON_PREFIX + credential.id(),
                    entered.statuses().getOrDefault(credential.id(), ""),
                    entered.changedOns().getOrDefault(credential.id(), ""),
                    currentText, rowProblems));
        }
        model.put("credentials", rows);
        model.put("acknowledgedChecked", entered.acknowledged());
        model.put("name", entered.name());
        model.put("problems", problems.stream()
                .map(p -> Texts.problem(language, p, p.credentialId() == null ? null
                        : byId.containsKey(p.credentialId()) ? byId.get(p.credentialId()).labelIn(language) : null))
                .toList());
        return model;
    }
}
