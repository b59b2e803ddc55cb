package dev.breachnotify.ack.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.projection.ProjectionQueries.AccessCode;
import dev.breachnotify.ack.projection.ProjectionQueries.Acknowledgement;
import dev.breachnotify.ack.projection.ProjectionQueries.Confirmation;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticeName;
import dev.breachnotify.ack.projection.ProjectionQueries.PracticePage;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.VendorIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pages' HTML for representative models, against the expected files in {@code src/test/resources/pages}.
 * The files were first written by the Thymeleaf templates the pages had before jte (commit 570425d); since the
 * vendor's identity and the salutation rule they are written by the jte templates ({@code -Dpages.write=true})
 * and reviewed. Compared as parsed documents with runs of whitespace made one space, so
 * that equivalent spellings ({@code &quot;} or {@code "} in text, {@code checked} or {@code checked="checked"})
 * are equal while any difference in elements, attributes or text is not. {@code -Dpages.write=true} rewrites
 * the files from the templates.
 */
class PageHtmlTest {

    private static final Path EXPECTED = Path.of("src/test/resources/pages");
    private static final String CODE = "F6HX-4DB6-9EY1-2AJS-4";
    private static final String CSRF = "1795000000.abcDEF-_123";
    private static final String EVIL = "<script>alert(\"x\")</script> & 'quoted' <b>bold</b>";

    private static final AckSettings SETTINGS = new AckSettings();
    private static final PageModels MODELS = new PageModels(
            SETTINGS, Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC), VendorIdentity.SAMPLE);

    static Stream<Object[]> pages() {
        Map<String, Supplier<Rendering>> pages = new LinkedHashMap<>();
        pages.put(
                "advisory-de-open",
                () -> advisory("de", page(false, false, true), false, List.of(), ConfirmationForm.Entered.empty()));
        pages.put(
                "advisory-en-open",
                () -> advisory("en", page(false, false, true), false, List.of(), ConfirmationForm.Entered.empty()));
        pages.put(
                "advisory-de-confirmed-saved",
                () -> advisory("de", page(true, true, true), true, List.of(), ConfirmationForm.Entered.empty()));
        pages.put(
                "advisory-en-confirmed-saved",
                () -> advisory("en", page(true, true, true), true, List.of(), ConfirmationForm.Entered.empty()));
        pages.put("advisory-de-problems", () -> advisory("de", page(true, false, true), false, problems(), entered()));
        pages.put("advisory-en-problems", () -> advisory("en", page(false, true, true), true, problems(), entered()));
        pages.put("advisory-de-bare", () -> advisory("de", bare(), false, List.of(), ConfirmationForm.Entered.empty()));
        pages.put(
                "advisory-en-user-supplied",
                () -> advisory(
                        "en",
                        evil(),
                        false,
                        List.of(new ConfirmationForm.Problem(ConfirmationForm.Problem.Kind.DATE_MISSING, "evil")),
                        new ConfirmationForm.Entered(true, EVIL, Map.of("evil", "CHANGED"), Map.of("evil", EVIL))));
        pages.put("enter-de", () -> new Rendering("enter", MODELS.entry("de", null, null)));
        pages.put("enter-en", () -> new Rendering("enter", MODELS.entry("en", null, null)));
        pages.put(
                "enter-de-problem",
                () -> new Rendering(
                        "enter",
                        MODELS.entry(
                                "de",
                                EVIL,
                                "The code contains a character that is not used in codes: '<'. Codes are 0-9 and A-Z without U.")));
        pages.put(
                "enter-en-problem",
                () -> new Rendering("enter", MODELS.entry("en", "ABC", "A code has 17 characters; you entered 3.")));
        pages.put(
                "message-de-link",
                () -> new Rendering(
                        "message",
                        MODELS.message(
                                "de",
                                "notFoundTitle",
                                Texts.notFound("de", VendorIdentity.SAMPLE),
                                "/?lang=de",
                                Texts.of("de").get("enterAnother"))));
        pages.put(
                "message-en-link",
                () -> new Rendering(
                        "message",
                        MODELS.message(
                                "en",
                                "forbiddenTitle",
                                Texts.forbidden("en"),
                                "/a/" + CODE + "?lang=en",
                                Texts.of("en").get("reopen"))));
        pages.put(
                "message-de-retracted",
                () -> new Rendering(
                        "message",
                        MODELS.message(
                                "de",
                                "retractedTitle",
                                Texts.retracted("de", VendorIdentity.SAMPLE, "01.12.2026, 10:00 Uhr", EVIL, true),
                                null,
                                null)));
        pages.put(
                "message-en-too-many",
                () -> new Rendering(
                        "message",
                        MODELS.message("en", "tooManyTitle", Texts.of("en").get("tooManyText"), null, null)));
        return pages.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void pagesRenderAsExpected(String name, Supplier<Rendering> page) throws IOException {
        String html = render(page.get());
        Path expected = EXPECTED.resolve(name + ".html");
        if (Boolean.getBoolean("pages.write")) {
            Files.writeString(expected, html, StandardCharsets.UTF_8);
        }
        assertThat(normalised(html)).isEqualTo(normalised(Files.readString(expected, StandardCharsets.UTF_8)));
        assertThat(html).doesNotContain("<script").doesNotContain("<b>bold");
        // No unset value reaches a practice: the vendor's identity is on every page, no placeholder anywhere
        assertThat(html)
                .contains(VendorIdentity.SAMPLE.verifyUrl(), VendorIdentity.SAMPLE.supportPhone())
                .doesNotContain("{{", "}}", "null", "Ihr Softwarehersteller", "Eine Mitteilung von");
    }

    @org.junit.jupiter.api.Test
    void thePageGreetsAsMailAndLetterDoTheContactIfKnownElseThePractice() {
        String withContact =
                render(advisory("de", page(false, false, true), false, List.of(), ConfirmationForm.Entered.empty()));
        String withoutContact = render(new Rendering(
                "advisory",
                MODELS.advisory(
                        "de",
                        CODE,
                        new PracticePage(
                                new AccessCode("ADV-1", "P-1", "de", null),
                                page(false, false, true).advisory(),
                                Optional.of(new PracticeName("Praxis Dr. Müller & Partner", "de")),
                                Optional.empty(),
                                List.of(),
                                Optional.empty()),
                        CSRF,
                        false,
                        List.of(),
                        ConfirmationForm.Entered.empty())));

        assertThat(Jsoup.parse(withContact).select(".body").text())
                .startsWith(dev.breachnotify.events.Salutation.line("de", "Dr. Hannah Werner", "x"))
                .startsWith("Guten Tag Dr. Hannah Werner,");
        assertThat(Jsoup.parse(withoutContact).select(".body").text())
                .startsWith("Guten Tag Praxis Dr. Müller & Partner,");
    }

    @org.junit.jupiter.api.Test
    void aContactsCodeGreetsTheContactAndEachAnswerSaysWhoGaveIt() {
        PracticePage general = page(false, false, true);
        PracticePage page = new PracticePage(
                new AccessCode("ADV-1", "P-1", "de", null, "c-mgr"),
                general.advisory(),
                general.practice(),
                Optional.empty(),
                List.of(
                        new Confirmation(
                                "kim",
                                RotationStatus.CHANGED,
                                LocalDate.of(2026, 11, 29),
                                "Techniker <Tom>",
                                Instant.parse("2026-12-01T09:15:00Z"),
                                null,
                                "IT-1",
                                "Systemhaus <Nord>"),
                        new Confirmation(
                                "ti-konnektor",
                                RotationStatus.NOT_APPLICABLE,
                                null,
                                "A. O.",
                                Instant.parse("2026-12-01T10:00:00Z"),
                                "c-owner",
                                null,
                                null)),
                Optional.empty(),
                Map.of("c-owner", "Dr. Anna Owner", "c-mgr", "Max <Manager>"),
                List.of(new dev.breachnotify.ack.projection.ProjectionQueries.Decline(
                        "ti-konnektor", "IT-2", "Praxis-IT", Instant.parse("2026-12-01T11:00:00Z"))));

        Document german = Jsoup.parse(render(advisory("de", page, false, List.of(), ConfirmationForm.Entered.empty())));
        assertThat(german.select("#greeting").text())
                .isEqualTo("Guten Tag, Max <Manager>. Dies ist Ihr persönlicher Link für die Praxis.");
        assertThat(german.select("#greeting *")).isEmpty();
        assertThat(german.select(".body").text()).startsWith("Guten Tag Max <Manager>,");
        assertThat(german.select("#current-0").text())
                .isEqualTo("Angabe von Dr. Anna Owner: betrifft Sie nicht (A. O., 01.12.2026, 11:00 Uhr) "
                        + "Praxis-IT hat am 01.12.2026, 12:00 Uhr erklärt, dass dies nicht seine Aufgabe ist.");
        assertThat(german.select("#current-1").text())
                .isEqualTo("Geändert von Systemhaus <Nord> am 29.11.2026 (Techniker <Tom>, 01.12.2026, 10:15 Uhr)");

        Document english =
                Jsoup.parse(render(advisory("en", page, false, List.of(), ConfirmationForm.Entered.empty())));
        assertThat(english.select("#current-1").text()).startsWith("Changed by Systemhaus <Nord> on 29 November 2026");
        assertThat(english.select("#current-0").text())
                .startsWith("Answer from Dr. Anna Owner: not applicable")
                .endsWith("Praxis-IT said that this is not their job.");

        // The general code of the same practice greets nobody
        assertThat(Jsoup.parse(render(advisory("de", general, false, List.of(), ConfirmationForm.Entered.empty())))
                        .select("#greeting"))
                .isEmpty();
    }

    /** The document as jsoup parses and writes it again, without reformatting, with whitespace runs made one space. */
    private static String normalised(String html) {
        Document document = Jsoup.parse(html);
        document.outputSettings().prettyPrint(false);
        return document.outerHtml().replaceAll("\\s+", " ");
    }

    record Rendering(String view, Object model) {}

    private static final PageRenderer RENDERER = new PageRenderer();

    private static String render(Rendering rendering) {
        return new String(RENDERER.render(rendering.view(), rendering.model()), StandardCharsets.UTF_8);
    }

    private static Rendering advisory(
            String language,
            PracticePage page,
            boolean saved,
            List<ConfirmationForm.Problem> problems,
            ConfirmationForm.Entered entered) {
        return new Rendering("advisory", MODELS.advisory(language, CODE, page, CSRF, saved, problems, entered));
    }

    private static List<ConfirmationForm.Problem> problems() {
        return List.of(
                new ConfirmationForm.Problem(ConfirmationForm.Problem.Kind.NAME_MISSING, null),
                new ConfirmationForm.Problem(ConfirmationForm.Problem.Kind.DATE_IN_FUTURE, "ti-konnektor"),
                new ConfirmationForm.Problem(ConfirmationForm.Problem.Kind.STATUS_UNKNOWN, "kim"),
                new ConfirmationForm.Problem(ConfirmationForm.Problem.Kind.CREDENTIAL_UNKNOWN, "gone"));
    }

    private static ConfirmationForm.Entered entered() {
        return new ConfirmationForm.Entered(
                true, "", Map.of("ti-konnektor", "CHANGED", "kim", "bogus"), Map.of("ti-konnektor", "2027-01-01"));
    }

    private static AdvisoryPublished advisory(
            String id, Map<String, LocalizedText> texts, List<Credential> credentials, LocalDate deadline) {
        return new AdvisoryPublished(
                id,
                "Kennwortwechsel",
                texts,
                credentials,
                deadline,
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.parse("2026-11-30T08:00:00Z"),
                null);
    }

    private static PracticePage page(boolean acknowledged, boolean confirmed, boolean named) {
        AdvisoryPublished advisory = advisory(
                "ADV-1",
                Map.of(
                        "de",
                                new LocalizedText(
                                        "Bitte Kennwörter ändern, {{practice.name}}",
                                        "{{salutation}}\n\nbitte ändern Sie bis {{deadline}}:\n"
                                                + "{{credentials}}\n\nIhr Code: {{code}}, Ihre Seite: {{link}}"),
                        "en", new LocalizedText("Please change passwords", "Dear {{practice.name}},\nplease.")),
                List.of(
                        new Credential("ti-konnektor", Map.of("de", "TI-Konnektor", "en", "TI connector")),
                        new Credential("kim", Map.of("de", "KIM-Postfach"))),
                LocalDate.of(2026, 12, 31));
        List<Confirmation> confirmations = confirmed
                ? List.of(
                        new Confirmation(
                                "kim",
                                RotationStatus.CHANGED,
                                LocalDate.of(2026, 11, 30),
                                "Dr. Kim",
                                Instant.parse("2026-12-01T09:15:00Z")),
                        new Confirmation(
                                "ti-konnektor",
                                RotationStatus.CHANGED_BY_PROVIDER,
                                null,
                                "Dr. Bench",
                                Instant.parse("2026-12-01T23:30:00Z")))
                : List.of();
        return new PracticePage(
                new AccessCode("ADV-1", "P-1", "de", null),
                advisory,
                named
                        ? Optional.of(new PracticeName("Praxis Dr. Müller & Partner", "de", "Dr. Hannah Werner"))
                        : Optional.empty(),
                acknowledged
                        ? Optional.of(new Acknowledgement(
                                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                                "Dr. Müller",
                                Instant.parse("2026-12-01T12:00:00Z")))
                        : Optional.empty(),
                confirmations,
                Optional.empty());
    }

    /** No practice on record, no deadline, no credentials, no texts: the title stands in for the subject. */
    private static PracticePage bare() {
        return new PracticePage(
                new AccessCode("ADV-2", "P-2", null, null),
                advisory("ADV-2", Map.of(), List.of(), null),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty());
    }

    /** Every field a vendor's staff or a practice can type holds markup. */
    private static PracticePage evil() {
        AdvisoryPublished advisory = advisory(
                "ADV-3",
                Map.of(
                        "en",
                        new LocalizedText(EVIL + " {{practice.name}}", EVIL + "\n{{practice.name}}\n{{credentials}}")),
                List.of(new Credential("evil", Map.of("de", EVIL, "en", EVIL + " (en)"))),
                LocalDate.of(2027, 1, 1));
        return new PracticePage(
                new AccessCode("ADV-3", "P-3", "en", null),
                advisory,
                Optional.of(new PracticeName(EVIL, "en")),
                Optional.of(new Acknowledgement(
                        UUID.fromString("00000000-0000-0000-0000-000000000002"),
                        EVIL,
                        Instant.parse("2026-12-01T12:00:00Z"))),
                List.of(new Confirmation(
                        "evil", RotationStatus.NOT_APPLICABLE, null, EVIL, Instant.parse("2026-12-01T13:00:00Z"))),
                Optional.empty());
    }
}
