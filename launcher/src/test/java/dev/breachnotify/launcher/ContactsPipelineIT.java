package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breachnotify.events.EventJson;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The walk-through with contacts and IT service partners, across the three services: the sample directory
 * (practices, the partners with the practices they look after, the contacts) and an advisory to four practices.
 * Each contact in the default roles gets a mail with a code of their own and nobody else at the practice does; a
 * practice without contacts gets its general mail; each partner gets one mail with its page. The partner confirms
 * for its practice on its page; the practice's own page then says so, the progress counts it for the partner, and
 * the audit log's answers name the partner and the contact behind each answer.
 */
class ContactsPipelineIT {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final Pattern PRACTICE_LINK = Pattern.compile("(http://localhost:\\d+/a/[0-9A-Z-]{21})");
    private static final Pattern PARTNER_LINK = Pattern.compile("(http://localhost:\\d+/p/[0-9A-Z-]{21})");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @Test
    void contactsAndPartnersAreReachedAnswerAndAreNamedInTheEvidence() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "e2e")), "contacts-");
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(new PipelineSettings(dataDir, 0, 0, 0, 0, 0, 0, 0))) {
            String comms = auth("comms", pipeline.password("comms"));
            String notifier = pipeline.notifierUrl();

            // Given the sample directory, imported in the README's order
            expect(
                    200,
                    post(notifier + "/api/practices/import?source=practices.csv", comms, "text/csv", "practices.csv"));
            expect(200, post(notifier + "/api/partners/import", comms, "application/json", "partners.json"));
            expect(200, post(notifier + "/api/practices/contacts/import", comms, "text/csv", "contacts.csv"));

            // When an advisory for four practices is published (default recipients: owner, manager, partners)
            ObjectNode draft = (ObjectNode) EventJson.mapper()
                    .readTree(ROOT.resolve("samples/advisory-with-guides.json").toFile());
            draft.put("deadline", LocalDate.now().plusDays(21).toString());
            draft.putObject("audience")
                    .put("kind", "PRACTICES")
                    .putArray("values")
                    .add("P-00001")
                    .add("P-00003")
                    .add("P-00010")
                    .add("P-00050");
            HttpResponse<String> created = expect(
                    201,
                    send(HttpRequest.newBuilder(URI.create(notifier + "/api/advisories"))
                            .header("Authorization", comms)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(draft.toString()))));
            String advisoryId = EventJson.mapper()
                    .readTree(created.body())
                    .get("advisoryId")
                    .asText();
            expect(
                    200,
                    send(HttpRequest.newBuilder(URI.create(notifier + "/api/advisories/" + advisoryId + "/publish"))
                            .header("Authorization", comms)
                            .POST(HttpRequest.BodyPublishers.noBody())));

            // Then every contact in the roles, the practice without contacts and both partners' contacts get mail
            Set<String> expected = Set.of(
                    "inhaber00001@example.org",
                    "management00001@example.org",
                    "inhaber00003@example.org",
                    "management00003@example.org",
                    "inhaber00010@example.org",
                    "praxis00050@example.org",
                    "jan.petersen@it-nord.example",
                    "service@it-nord.example",
                    "maria.huber@it-sued.example",
                    "hotline@it-sued.example");
            pipeline.mail().awaitMessages(expected.size(), Duration.ofSeconds(90));
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos()); // time for a mail that should not come
            Map<String, String> textTo = new HashMap<>();
            for (MimeMessage mail : pipeline.mail().messages()) {
                String text = text(mail);
                for (Address to : mail.getAllRecipients()) {
                    textTo.merge(to.toString(), text, (a, b) -> a);
                }
            }
            assertThat(textTo.keySet())
                    .as("the data protection contact is not in the default roles, nor P-00001's general address")
                    .containsExactlyInAnyOrderElementsOf(expected);
            Set<String> practiceCodes = new HashSet<>();
            for (String address : expected) {
                if (address.endsWith("@example.org")) {
                    practiceCodes.add(find(PRACTICE_LINK, textTo.get(address)));
                }
            }
            assertThat(practiceCodes).as("a link of their own per contact").hasSize(6);
            String owner3 = find(PRACTICE_LINK, textTo.get("inhaber00003@example.org"));
            String partnerNord = find(PARTNER_LINK, textTo.get("jan.petersen@it-nord.example"));
            assertThat(find(PARTNER_LINK, textTo.get("service@it-nord.example")))
                    .isEqualTo(partnerNord);

            // When the owner of P-00001 acknowledges with her own code
            String owner1 = find(PRACTICE_LINK, textTo.get("inhaber00001@example.org"));
            HttpResponse<String> page = awaitPage(owner1, body -> body.contains("csrf"));
            assertThat(page.body()).contains("Dr. Hannah Werner");
            expect(
                    303,
                    form(
                            owner1,
                            "csrf=" + enc(token(page.body())) + "&lang=de&acknowledged=yes&name="
                                    + enc("Dr. Hannah Werner")));

            // and IT-Service Nord confirms every credential of P-00003 on its page
            HttpResponse<String> partnerPage = awaitPage(partnerNord, body -> body.contains("P-00003"));
            assertThat(partnerPage.body()).contains("IT-Service Nord GmbH").doesNotContain("P-00010");
            expect(
                    303,
                    form(
                            partnerNord,
                            "csrf=" + enc(token(partnerPage.body())) + "&lang=de&q=&page=1&sel=P-00003"
                                    + "&credential=" + enc("*") + "&action=changed&changedOn=" + LocalDate.now()
                                    + "&name=" + enc("Jan Petersen")));

            // Then the practice's own page says who changed them, and the progress counts it for the partner
            awaitPage(owner3, body -> body.contains("Geändert von IT-Service Nord GmbH am"));
            JsonNode nord = awaitJson(
                    pipeline.ackUrl() + "/api/advisories/" + advisoryId + "/progress",
                    comms,
                    progress -> partner(progress, "IT-NORD") != null
                            && partner(progress, "IT-NORD").path("confirmed").asLong() == 1);
            assertThat(partner(nord, "IT-NORD").path("practices").asLong()).isEqualTo(1);
            assertThat(partner(nord, "IT-SUED").path("practices").asLong()).isEqualTo(2);

            // and the audit log's answers name the contact and the partner behind them
            String dpo = auth("dpo", pipeline.password("dpo"));
            String answers = awaitText(
                    pipeline.auditUrl() + "/api/audit/advisories/" + advisoryId + "/answers.csv",
                    dpo,
                    csv -> csv.contains("IT-Service Nord GmbH") && csv.contains("Dr. Hannah Werner"));
            List<String> rows = answers.lines().toList();
            assertThat(rows)
                    .anySatisfy(row -> assertThat(row)
                            .contains(",acknowledgement.recorded,P-00001,", ",contact,", ",OWNER,Dr. Hannah Werner,"))
                    .anySatisfy(row -> assertThat(row)
                            .contains(
                                    ",credential.rotation.confirmed,P-00003,",
                                    ",partner,",
                                    ",IT-NORD,IT-Service Nord GmbH,"));
        }
    }

    private static JsonNode partner(JsonNode progress, String partnerId) {
        for (JsonNode partner : progress.path("byPartner")) {
            if (partnerId.equals(partner.path("partnerId").asText())) {
                return partner;
            }
        }
        return null;
    }

    private HttpResponse<String> post(String url, String auth, String type, String sample) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", auth)
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofFile(ROOT.resolve("samples").resolve(sample))));
    }

    private HttpResponse<String> form(String url, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> awaitPage(String url, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> page;
        do {
            page = send(HttpRequest.newBuilder(URI.create(url)).GET());
            if (page.statusCode() == 200 && ready.test(page.body())) {
                return page;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError(url + " answered " + page.statusCode() + ": " + page.body());
    }

    private String awaitText(String url, String auth, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response;
        do {
            response = send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth)
                    .GET());
            if (response.statusCode() == 200 && ready.test(response.body())) {
                return response.body();
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
    }

    private JsonNode awaitJson(String url, String auth, Predicate<JsonNode> ready) throws Exception {
        List<JsonNode> last = new ArrayList<>(1);
        awaitText(url, auth, body -> {
            try {
                JsonNode json = EventJson.mapper().readTree(body);
                last.clear();
                last.add(json);
                return ready.test(json);
            } catch (Exception e) {
                return false;
            }
        });
        return last.get(0);
    }

    private static String token(String page) {
        return find(CSRF, page);
    }

    private static String find(Pattern pattern, String text) {
        assertThat(text).as("no text").isNotNull();
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
        return matcher.group(1);
    }

    private static String text(MimeMessage mail) throws Exception {
        Object content = mail.getContent();
        if (content instanceof MimeMultipart multipart) {
            return multipart.getBodyPart(0).getContent().toString();
        }
        return content.toString();
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String auth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
