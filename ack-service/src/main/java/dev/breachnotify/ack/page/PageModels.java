package dev.breachnotify.ack.page;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.projection.ProjectionQueries;
import dev.breachnotify.ack.projection.ProjectionQueries.Confirmation;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticeName;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticePage;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.CompiledTemplate;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.Guide;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.vendor.VendorSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the models of the page templates ({@code src/main/jte}). Every value is plain text; the templates
 * escape it.
 */
@Singleton
public class PageModels {

    private static final int MAX_TEMPLATES = 1000;

    private final AckSettings settings;
    private final Clock clock;
    private final VendorIdentity vendor;
    private final Map<String, CompiledTemplate> templates = new ConcurrentHashMap<>();

    @Inject
    PageModels(AckSettings settings, Clock clock, VendorSettings vendor) {
        this(settings, clock, vendor.identity());
    }

    PageModels(AckSettings settings, Clock clock, VendorIdentity vendor) {
        this.settings = settings;
        this.clock = clock;
        this.vendor = vendor;
    }

    /** The vendor the pages speak for. */
    VendorIdentity vendor() {
        return vendor;
    }

    /**
     * What every page has: language, fixed texts, the vendor's name and whose message it is ({@code from}, in
     * the language's grammar), title, the never-a-password statement, how to check the page is genuine, and the
     * link to the same page in the other language ({@code null}: none).
     */
    public record Base(
            String lang,
            String otherLang,
            Map<String, String> t,
            String vendor,
            String from,
            String title,
            String neverAskPassword,
            String genuine,
            String switchHref) {

        /** The base of a page in {@code language} that speaks for {@code vendor}. */
        public static Base of(VendorIdentity vendor, String language, String title, String switchHref) {
            return new Base(
                    language,
                    Texts.other(language),
                    Texts.of(language),
                    vendor.name(),
                    Texts.from(language, vendor),
                    title,
                    Texts.neverAskPassword(language, vendor),
                    Texts.genuine(language, vendor),
                    switchHref);
        }
    }

    /** The code-entry page: what was typed and its problem, if any. */
    public record EntryPage(Base base, String typed, String problem) {}

    /** A page with a message and an optional link. */
    public record MessagePage(Base base, String text, String linkHref, String linkLabel) {}

    /** The advisory with what the practice confirmed so far and the form. */
    public record AdvisoryPage(
            Base base,
            String code,
            String subject,
            String body,
            String practiceName,
            String greeting,
            String deadline,
            boolean saved,
            String csrf,
            String today,
            String acknowledgement,
            List<CredentialRow> credentials,
            boolean acknowledgedChecked,
            String name,
            List<String> problems) {}

    /** One credential on the page: what is on record and the form's fields for it. */
    public record CredentialRow(
            int index,
            String id,
            String label,
            String statusField,
            String dateField,
            String selected,
            String changedOn,
            String current,
            List<String> problems,
            GuideView guide) {

        public CredentialRow(
                int index,
                String id,
                String label,
                String statusField,
                String dateField,
                String selected,
                String changedOn,
                String current,
                List<String> problems) {
            this(index, id, label, statusField, dateField, selected, changedOn, current, problems, null);
        }
    }

    /**
     * A how-to guide as the pages show it: the published, sanitised HTML byte for byte (its hash is in the
     * {@code advisory.published} event), its hash, and the variant's name ({@code null} for the general one).
     */
    public record GuideView(String html, String sha256, String variant) {

        /** The guide; a variant named as "Fassung für: secunet" / "Version for: secunet". */
        static GuideView of(Guide guide, String language) {
            return new GuideView(
                    guide.html(),
                    guide.sha256(),
                    Guide.GENERAL.equals(guide.variant())
                            ? null
                            : Texts.format(language, "guideVariant", guide.variant()));
        }
    }

    /** The public page of an incident: no personal data, no code needed. */
    public record IncidentPage(
            Base base,
            String title,
            String summary,
            String deadline,
            String withdrawn,
            List<IncidentCredential> credentials,
            List<String> recognise) {}

    /** A credential on the incident page with its general guide and its variants. */
    public record IncidentCredential(int index, String label, List<GuideView> guides) {}

    /**
     * The template split into text and placeholders once: a published advisory's texts never change, and its
     * page is shown again and again. Bounded: cleared when full.
     */
    private CompiledTemplate compiled(String template) {
        CompiledTemplate compiled = templates.get(template);
        if (compiled == null) {
            if (templates.size() >= MAX_TEMPLATES) {
                templates.clear();
            }
            compiled = CompiledTemplate.of(template);
            templates.put(template, compiled);
        }
        return compiled;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(settings.getTimeZone()));
    }

    Base base(String language, String title, String switchHref) {
        return Base.of(vendor, language, title, switchHref);
    }

    /** The code-entry page, with the problem of what was typed, if any. */
    EntryPage entry(String language, String typed, String problem) {
        Base base = base(
                language,
                Texts.of(language).get(problem == null ? "enterTitle" : "invalidCodeTitle"),
                "/?lang=" + Texts.other(language));
        return new EntryPage(
                base, typed == null ? "" : typed, problem == null ? null : Texts.codeProblem(language, problem));
    }

    /**
     * The public page of an incident: the advisory's title and summary, the credentials with their guides (the
     * general one first, then each variant), how to recognise a genuine mail or letter, and (in the template) the
     * code entry form.
     */
    IncidentPage incident(String language, ProjectionQueries.Incident incident) {
        AdvisoryPublished advisory = incident.advisory();
        Base base = base(
                language, advisory.title(), "/incident/" + advisory.advisoryId() + "?lang=" + Texts.other(language));
        String summary =
                advisory.summary().getOrDefault(language, advisory.summary().get("de"));
        List<IncidentCredential> credentials = new ArrayList<>();
        List<Credential> all = advisory.credentials() == null ? List.of() : advisory.credentials();
        for (int i = 0; i < all.size(); i++) {
            Credential credential = all.get(i);
            List<Guide> guides = advisory.guides().stream()
                    .filter(guide -> guide.credentialId().equals(credential.id()))
                    .filter(guide -> guide.language().equals(language))
                    .filter(GuideHtmlCheck::safe)
                    .sorted(Comparator.comparing((Guide guide) -> !Guide.GENERAL.equals(guide.variant()))
                            .thenComparing(Guide::variant))
                    .toList();
            credentials.add(new IncidentCredential(
                    i,
                    credential.labelIn(language),
                    guides.stream().map(guide -> GuideView.of(guide, language)).toList()));
        }
        String withdrawn = incident.retraction()
                .map(retraction -> Texts.format(
                        language,
                        "incidentWithdrawn",
                        Texts.dateTime(language, retraction.retractedAt(), settings.getTimeZone()),
                        retraction.reason()))
                .orElse(null);
        List<String> recognise = List.of(
                Texts.format(language, "recogniseSender", vendor.senderAddress()),
                Texts.format(language, "recogniseCode", "XXXX-XXXX-XXXX-XXXX-X"),
                Texts.neverAskPassword(language, vendor),
                Texts.of(language).get("recogniseNoAttachments"),
                Texts.format(language, "recognisePhone", vendor.supportPhone()));
        return new IncidentPage(
                base,
                advisory.title(),
                summary,
                advisory.deadline() == null ? null : Texts.date(language, advisory.deadline()),
                withdrawn,
                credentials,
                recognise);
    }

    /** A page with a message and an optional link. */
    MessagePage message(String language, String titleKey, String text, String linkHref, String linkLabel) {
        return new MessagePage(base(language, Texts.of(language).get(titleKey), null), text, linkHref, linkLabel);
    }

    /**
     * What is on record for a credential: the latest answer, whoever gave it (an IT service partner is named, and
     * so is a contact who used their own code), and a partner's "not our job" that no answer followed.
     */
    private String current(String language, Confirmation current, PracticePage page, String credentialId) {
        StringBuilder text = new StringBuilder();
        if (current == null) {
            text.append(Texts.of(language).get("credentialOpen"));
        } else {
            String who = Texts.confirmedBy(
                    language,
                    current.confirmedBy(),
                    Texts.dateTime(language, current.submittedAt(), settings.getTimeZone()));
            if (current.partnerId() != null && current.status() == RotationStatus.CHANGED) {
                text.append(Texts.changedByPartner(language, current.partnerName(), current.changedOn()));
            } else {
                if (current.partnerId() != null) {
                    text.append(Texts.answeredByPartner(language, current.partnerName()))
                            .append(' ');
                } else if (current.contactId() != null) {
                    text.append(Texts.byContact(
                                    language, page.contacts().getOrDefault(current.contactId(), current.contactId())))
                            .append(' ');
                }
                text.append(Texts.status(language, current.status(), current.changedOn()));
            }
            text.append(' ').append(who);
        }
        for (ProjectionQueries.Decline decline : page.declines()) {
            if (decline.credentialId().equals(credentialId)) {
                text.append(' ')
                        .append(Texts.partnerDeclined(
                                language,
                                decline.partnerName(),
                                Texts.dateTime(language, decline.submittedAt(), settings.getTimeZone())));
            }
        }
        return text.toString();
    }

    /**
     * The advisory with what the practice confirmed so far and the form.
     *
     * @param problems problems of a rejected submission, or empty
     * @param entered  what was entered in a rejected submission, to show it again
     */
    AdvisoryPage advisory(
            String language,
            String code,
            PracticePage page,
            String csrf,
            boolean saved,
            List<ConfirmationForm.Problem> problems,
            ConfirmationForm.Entered entered) {
        AdvisoryPublished advisory = page.advisory();
        LocalizedText text = advisory.texts() == null ? null : advisory.textIn(language);
        if (text == null && advisory.texts() != null && !advisory.texts().isEmpty()) {
            text = advisory.texts().values().iterator().next();
        }
        Map<String, String> values = MessageTemplate.values(
                advisory,
                page.code().practiceId(),
                page.practice().map(PracticeName::name).orElse(""),
                // a contact's own code: the advisory's text addresses that contact
                page.contactName()
                        .or(() -> page.practice().map(PracticeName::contactPerson))
                        .orElse(null),
                language,
                "/a/" + code,
                code);
        String subject = text != null && text.subject() != null
                ? compiled(text.subject()).renderText(values)
                : advisory.title();
        Base base = base(language, subject, "/a/" + code + "?lang=" + Texts.other(language));
        String body =
                text == null || text.body() == null ? "" : compiled(text.body()).renderText(values);
        String practiceName =
                page.practice().map(p -> p.name()).filter(n -> !n.isBlank()).orElse(null);
        String deadline = advisory.deadline() == null ? null : Texts.date(language, advisory.deadline());
        String acknowledgement = page.acknowledgement()
                .map(ack -> Texts.acknowledged(
                        language,
                        ack.confirmedBy(),
                        Texts.dateTime(language, ack.submittedAt(), settings.getTimeZone())))
                .orElse(null);

        List<Credential> credentials = advisory.credentials() == null ? List.of() : advisory.credentials();
        Map<String, Credential> byId =
                credentials.stream().collect(Collectors.toMap(Credential::id, Function.identity(), (a, b) -> a));
        Map<String, Confirmation> confirmed = page.confirmations().stream()
                .collect(Collectors.toMap(Confirmation::credentialId, Function.identity(), (a, b) -> a));
        List<CredentialRow> rows = new ArrayList<>();
        for (int i = 0; i < credentials.size(); i++) {
            Credential credential = credentials.get(i);
            Confirmation current = confirmed.get(credential.id());
            String currentText = current(language, current, page, credential.id());
            String label = credential.labelIn(language);
            List<String> rowProblems = problems.stream()
                    .filter(p -> credential.id().equals(p.credentialId()))
                    .map(p -> Texts.problem(language, p, label))
                    .toList();
            rows.add(new CredentialRow(
                    i,
                    credential.id(),
                    label,
                    ConfirmationForm.STATUS_PREFIX + credential.id(),
                    ConfirmationForm.CHANGED_ON_PREFIX + credential.id(),
                    entered.statuses().getOrDefault(credential.id(), ""),
                    entered.changedOns().getOrDefault(credential.id(), ""),
                    currentText,
                    rowProblems,
                    advisory.guideFor(
                                    credential.id(),
                                    language,
                                    page.practice()
                                            .map(PracticeName::attributes)
                                            .orElse(Map.of()))
                            .filter(GuideHtmlCheck::safe)
                            .map(guide -> GuideView.of(guide, language))
                            .orElse(null)));
        }
        List<String> allProblems = problems.stream()
                .map(p -> Texts.problem(
                        language,
                        p,
                        p.credentialId() == null
                                ? null
                                : byId.containsKey(p.credentialId())
                                        ? byId.get(p.credentialId()).labelIn(language)
                                        : null))
                .toList();
        return new AdvisoryPage(
                base,
                code,
                subject,
                body,
                practiceName,
                page.contactName().map(name -> Texts.greeting(language, name)).orElse(null),
                deadline,
                saved && problems.isEmpty(),
                csrf,
                today().toString(),
                acknowledgement,
                rows,
                entered.acknowledged(),
                entered.name(),
                allProblems);
    }
}
