package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breachnotify.events.EventJson;
import java.net.URI;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through with the sample advisory that has guides: the guides a practice's page shows (its
 * Konnektor variant) and the public incident page shows, hashed by {@code sha256sum} from the pages' bytes, are
 * the hashes the audit log holds for the published advisory.
 */
class GuidesPipelineIT {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/a/[0-9A-Z-]{21})");
    private static final Pattern GUIDE_BODY =
            Pattern.compile("<div class=\"guide-body\" data-sha256=\"[0-9a-f]{64}\">(.*?)</div>", Pattern.DOTALL);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @Test
    void theGuidesOnThePagesHashToWhatTheAuditLogHolds() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "e2e")), "guides-");
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(new PipelineSettings(dataDir, 0, 0, 0, 0, 0, 0, 0))) {
            String comms = auth("comms", pipeline.password("comms"));
            HttpResponse<String> imported = send(HttpRequest.newBuilder(
                            URI.create(pipeline.notifierUrl() + "/api/practices/import?source=practices.csv"))
                    .header("Authorization", comms)
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(ROOT.resolve("samples/practices.csv"))));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

            // the sample advisory with guides, for the first practice (konnektor_model secunet) only
            ObjectNode draft = (ObjectNode) EventJson.mapper()
                    .readTree(ROOT.resolve("samples/advisory-with-guides.json").toFile());
            draft.put("deadline", LocalDate.now().plusDays(21).toString());
            draft.putObject("audience")
                    .put("kind", "PRACTICES")
                    .putArray("values")
                    .add("P-00001");
            HttpResponse<String> created =
                    send(HttpRequest.newBuilder(URI.create(pipeline.notifierUrl() + "/api/advisories"))
                            .header("Authorization", comms)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(draft.toString())));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String advisoryId = EventJson.mapper()
                    .readTree(created.body())
                    .get("advisoryId")
                    .asText();
            HttpResponse<String> published = send(HttpRequest.newBuilder(
                            URI.create(pipeline.notifierUrl() + "/api/advisories/" + advisoryId + "/publish"))
                    .header("Authorization", comms)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

            var mail = pipeline.mail().awaitMessages(1, Duration.ofSeconds(60)).get(0);
            String text = (String) ((jakarta.mail.internet.MimeMultipart) mail.getContent())
                    .getBodyPart(0)
                    .getContent();
            assertThat(text).contains("keine Anhänge");
            Matcher link = LINK.matcher(text);
            assertThat(link.find()).as(text).isTrue();

            List<String> onThePage = awaitGuides(link.group(1));
            List<String> onTheIncidentPage = awaitGuides(pipeline.ackUrl() + "/incident/" + advisoryId);
            assertThat(onThePage).as("one guide per default credential").hasSize(4);
            assertThat(onTheIncidentPage)
                    .as("four general guides and two Konnektor variants")
                    .hasSize(6);

            // the DPO's export of the audit log holds the advisory.published with these hashes
            HttpResponse<String> export = send(HttpRequest.newBuilder(
                            URI.create(pipeline.auditUrl() + "/api/audit/export.jsonl?advisoryId=" + advisoryId))
                    .header("Authorization", auth("dpo", pipeline.password("dpo")))
                    .GET());
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            String publishedEntry = export.body()
                    .lines()
                    .filter(line -> line.contains("advisory.published"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no advisory.published in " + export.body()));
            for (String hash : onThePage) {
                assertThat(publishedEntry).contains(hash);
            }
            for (String hash : onTheIncidentPage) {
                assertThat(publishedEntry).contains(hash);
            }
        }
    }

    /** The hashes (by sha256sum) of the guides a page shows, once the page is there. */
    private List<String> awaitGuides(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<byte[]> page;
        do {
            page = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (page.statusCode() == 200) {
                break;
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(250).toNanos());
        } while (System.nanoTime() < deadline);
        assertThat(page.statusCode()).as(url).isEqualTo(200);
        Matcher guide = GUIDE_BODY.matcher(new String(page.body(), StandardCharsets.UTF_8));
        List<String> hashes = new ArrayList<>();
        while (guide.find()) {
            hashes.add(sha256sum(guide.group(1).getBytes(StandardCharsets.UTF_8)));
        }
        return hashes;
    }

    private static String sha256sum(byte[] bytes) throws Exception {
        Process process =
                new ProcessBuilder("sha256sum").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(bytes);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor()).isZero();
        return out.substring(0, 64);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String auth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
