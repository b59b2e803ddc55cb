package dev.breachnotify.ack.partner;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.page.PageModels.Base;
import dev.breachnotify.ack.page.Texts;
import dev.breachnotify.ack.partner.PartnerQueries.Answer;
import dev.breachnotify.ack.partner.PartnerQueries.Decline;
import dev.breachnotify.ack.partner.PartnerQueries.Listing;
import dev.breachnotify.ack.partner.PartnerQueries.PartnerAccess;
import dev.breachnotify.ack.partner.PartnerQueries.Row;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.vendor.VendorSettings;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the models of the partner page's templates ({@code src/main/jte-partner}); every value is plain text. */
@Singleton
public class PartnerPageModels {

    private final AckSettings settings;
    private final Clock clock;
    private final VendorIdentity vendor;

    PartnerPageModels(AckSettings settings, Clock clock, VendorSettings vendor) {
        this.settings = settings;
        this.clock = clock;
        this.vendor = vendor.identity();
    }

    /** The partner's texts ({@code p}) next to the practice pages' shared ones in {@link Base#t()}. */
    public record PartnerPage(
            Base base,
            Map<String, String> p,
            String code,
            String csrf,
            String partnerName,
            String subject,
            String summary,
            String deadline,
            String q,
            String counts,
            String pageOf,
            String previousHref,
            String nextHref,
            int page,
            List<RowView> rows,
            List<Option> credentials,
            String notice,
            List<String> problems,
            Entered entered) {}

    /** One practice row. */
    public record RowView(String practiceId, String name, String city, List<String> states, boolean selected) {}

    /** A credential to choose. */
    public record Option(String value, String label, boolean selected) {}

    /** What the form held when it was refused, to show it again. */
    public record Entered(String name, String action, String changedOn, String credential, List<String> selected) {

        static Entered empty() {
            return new Entered("", PartnerForm.CHANGED, "", PartnerForm.ALL, List.of());
        }
    }

    /** The CSV validation report. */
    public record ReportPage(Base base, Map<String, String> p, String intro, String backHref, List<ReportLine> lines) {}

    /** One problem of the report. */
    public record ReportLine(String line, String field, String problem) {}

    /** A message page with an optional link. */
    public record MessagePage(Base base, String text, String linkHref, String linkLabel) {}

    LocalDate today() {
        return LocalDate.now(clock.withZone(settings.getTimeZone()));
    }

    VendorIdentity vendor() {
        return vendor;
    }

    Base base(String language, String title, String switchHref) {
        return Base.of(vendor, language, title, switchHref);
    }

    MessagePage message(String language, String titleKey, String text, String linkHref, String linkLabel) {
        return new MessagePage(base(language, PartnerTexts.text(language, titleKey), null), text, linkHref, linkLabel);
    }

    /** The report of a refused CSV file: every problem with its line and column. */
    ReportPage report(String language, java.net.URI back, PartnerCsv.Report report) {
        List<ReportLine> lines = report.problems().stream()
                .map(problem -> new ReportLine(
                        problem.line() == 0 ? "" : Integer.toString(problem.line()),
                        problem.field() == null ? "" : problem.field(),
                        PartnerTexts.problem(language, problem)))
                .toList();
        return new ReportPage(
                base(language, PartnerTexts.text(language, "reportTitle"), null),
                PartnerTexts.of(language),
                PartnerTexts.format(language, "reportIntro", report.rows()),
                back.toString(),
                lines);
    }

    /** The page: the listing as read, with the form's state (a notice after a save, or its problems). */
    PartnerPage page(
            String language,
            String code,
            String csrf,
            PartnerAccess access,
            Listing listing,
            String q,
            String notice,
            List<Problem> problems,
            Entered entered) {
        AdvisoryPublished advisory = access.advisory();
        String subject = advisory.texts() != null && advisory.texts().get(language) != null
                ? advisory.texts().get(language).subject()
                : advisory.title();
        String summary = advisory.summary() == null
                ? null
                : advisory.summary().getOrDefault(language, advisory.summary().get("de"));
        String self = "/p/" + code;
        String query = q == null || q.isBlank() ? "" : "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&";
        Base base = base(
                language,
                PartnerTexts.text(language, "pageTitle"),
                self + "?" + query + "page=" + listing.page() + "&lang=" + Texts.other(language));
        int from = listing.total() == 0 ? 0 : (listing.page() - 1) * listing.pageSize() + 1;
        int to = Math.min(listing.total(), listing.page() * listing.pageSize());
        String counts = q == null || q.isBlank()
                ? PartnerTexts.format(language, "showing", from, to, listing.total())
                : PartnerTexts.format(language, "showingFiltered", from, to, listing.total(), listing.all());
        Map<String, Credential> byId = advisory.credentials() == null
                ? Map.of()
                : advisory.credentials().stream()
                        .collect(Collectors.toMap(
                                Credential::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        List<RowView> rows = new ArrayList<>();
        for (Row row : listing.rows()) {
            rows.add(new RowView(
                    row.practiceId(),
                    row.name() == null ? "" : row.name(),
                    row.city(),
                    states(language, access, row, byId),
                    entered.selected().contains(row.practiceId())));
        }
        List<Option> credentials = new ArrayList<>();
        credentials.add(new Option(
                PartnerForm.ALL,
                PartnerTexts.text(language, "credentialAll"),
                PartnerForm.ALL.equals(entered.credential())));
        // in the advisory's order
        byId.values()
                .forEach(c ->
                        credentials.add(new Option(c.id(), c.labelIn(language), c.id().equals(entered.credential()))));
        String lang = "&lang=" + language;
        return new PartnerPage(
                base,
                PartnerTexts.of(language),
                code,
                csrf,
                access.partnerName(),
                subject,
                summary,
                advisory.deadline() == null ? null : Texts.date(language, advisory.deadline()),
                q == null ? "" : q,
                counts,
                PartnerTexts.format(language, "pageOf", listing.page(), listing.pages()),
                listing.page() > 1 ? self + "?" + query + "page=" + (listing.page() - 1) + lang : null,
                listing.page() < listing.pages() ? self + "?" + query + "page=" + (listing.page() + 1) + lang : null,
                listing.page(),
                rows,
                credentials,
                notice,
                problems.stream().map(p -> PartnerTexts.problem(language, p)).toList(),
                entered);
    }

    /** Per credential of the partner at the practice: its label and the latest answer, and who gave it. */
    private static List<String> states(
            String language, PartnerAccess access, Row row, Map<String, Credential> credentials) {
        Map<String, Answer> answers =
                row.answers().stream().collect(Collectors.toMap(Answer::credentialId, a -> a, (a, b) -> a));
        Map<String, Decline> declines =
                row.declines().stream().collect(Collectors.toMap(Decline::credentialId, d -> d, (a, b) -> a));
        List<String> states = new ArrayList<>();
        for (String id : row.credentialIds()) {
            Credential credential = credentials.get(id);
            String label = credential == null ? id : credential.labelIn(language);
            Answer answer = answers.get(id);
            Decline decline = declines.get(id);
            String state;
            if (decline != null && (answer == null || decline.submittedAt().isAfter(answer.submittedAt()))) {
                state = PartnerTexts.format(language, "stateNotOurJob", decline.confirmedBy());
            } else if (answer == null) {
                state = PartnerTexts.text(language, "stateOpen");
            } else {
                String status = Texts.status(language, answer.status(), answer.changedOn());
                String key = answer.partnerId() == null
                        ? "stateByPractice"
                        : answer.partnerId().equals(access.partnerId()) ? "stateByYou" : "stateByPartner";
                state = PartnerTexts.format(language, key, status, answer.confirmedBy());
            }
            states.add(label + ": " + state);
        }
        return states;
    }
}
