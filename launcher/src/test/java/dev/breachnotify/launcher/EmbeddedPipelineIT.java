package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The first slice, end to end, exactly as the README's run command brings it up: import the sample directory,
 * publish an advisory, find the mails, open a personal link, acknowledge, and see it in the DPO's CSV export;
 * then restart the pipeline on the same data folder and find everything still there.
 */
class EmbeddedPipelineIT {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("(http://localhost:\\d+/a/[0-9A-Z-]{21})");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final long started = System.nanoTime();

    private void stage(String what) {
        System.out.printf("[e2e] %6.1f s  %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    @Test
    void anAdvisoryGoesFromPublishToMailsToAnAcknowledgementToTheAuditExportAndSurvivesARestart() throws Exception {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "e2e")), "run-");
        PipelineSettings settings = new PipelineSettings(dataDir, 0, 0, 0, 0, 0, 0, 0);
        String advisoryId;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings)) {
            stage("pipeline started");
            // data/ (secrets, mails, PostgreSQL's binaries and data, ...) is its owner's only
            try (var tree = Files.walk(dataDir)) {
                assertThat(tree.filter(path -> !Files.isSymbolicLink(path))
                                .filter(path -> {
                                    try {
                                        return Files.getPosixFilePermissions(path).stream()
                                                .anyMatch(permission ->
                                                        !permission.name().startsWith("OWNER_"));
                                    } catch (java.io.IOException e) {
                                        return false; // gone while walking
                                    }
                                })
                                .map(Path::toString)
                                .limit(5)
                                .toList())
                        .as("files in data/ that others may use")
                        .isEmpty();
            }
            String comms = auth("comms", pipeline.password("comms"));
            String dpo = auth("dpo", pipeline.password("dpo"));

            // Given the sample directory
            HttpResponse<String> imported = send(HttpRequest.newBuilder(
                            URI.create(pipeline.notifierUrl() + "/api/practices/import?source=practices.csv"))
                    .header("Authorization", comms)
                    .header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(ROOT.resolve("samples/practices.csv"))));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(imported.body()).contains("\"created\":300", "\"rejected\":0");

            // When an advisory is created and published
            String draft = Files.readString(ROOT.resolve("samples/advisory.json"))
                    .replaceAll(
                            "\"deadline\": \"[0-9-]+\"",
                            "\"deadline\": \"" + LocalDate.now().plusDays(21) + "\"");
            HttpResponse<String> created =
                    send(HttpRequest.newBuilder(URI.create(pipeline.notifierUrl() + "/api/advisories"))
                            .header("Authorization", comms)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(draft)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            advisoryId = field(created.body(), "advisoryId");
            HttpResponse<String> published = send(HttpRequest.newBuilder(
                            URI.create(pipeline.notifierUrl() + "/api/advisories/" + advisoryId + "/publish"))
                    .header("Authorization", comms)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            assertThat(published.body()).contains("\"practicesTargeted\":300");

            stage("advisory published");
            // Then every practice with an email address gets one mail with its personal link
            Set<String> emailRecipients = emailRecipientsOfSample();
            List<MimeMessage> mails = pipeline.mail().awaitMessages(emailRecipients.size(), Duration.ofSeconds(60));
            assertThat(mails.stream()
                            .map(EmbeddedPipelineIT::messageId)
                            .distinct()
                            .count())
                    .isEqualTo(emailPracticesOfSample());
            assertThat(Files.list(dataDir.resolve("mail"))
                            .filter(p -> p.toString().endsWith(".eml"))
                            .count())
                    .isEqualTo(emailRecipients.size());
            String link = link(mails.get(0));
            stage("all mails captured");
            // and every one carries DKIM signatures that verify against the TXT records the banner names
            assertThat(pipeline.summary(0)).contains(pipeline.dkim().rsaRecord().toString());
            CapturedMailDkim.assertEveryCapturedMailVerifies(pipeline.dkim(), dataDir.resolve("mail"));
            stage("DKIM of the captured mails verified");

            // When the practice opens its link (twice, as a mail scanner would) and then acknowledges
            HttpResponse<String> page =
                    send(HttpRequest.newBuilder(URI.create(link)).GET());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(link)).GET()).statusCode())
                    .isEqualTo(200);
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).as(page.body()).isTrue();
            String form = "csrf=" + enc(csrf.group(1)) + "&lang=de&acknowledged=yes&name=" + enc("Dr. Test")
                    + "&" + enc("status:ti-konnektor") + "=CHANGED&" + enc("changedOn:ti-konnektor") + "="
                    + LocalDate.now() + "&" + enc("status:windows-servers") + "=NOT_APPLICABLE";
            HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(link))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
            stage("acknowledged");

            // The operators' metrics: mails by domain and consumer lag on the notifier, submissions on ack-service
            String admin = auth("admin", pipeline.password("admin"));
            String notifierMetrics = send(HttpRequest.newBuilder(URI.create(pipeline.notifierUrl() + "/prometheus"))
                            .header("Authorization", admin)
                            .GET())
                    .body();
            assertThat(notifierMetrics).contains("breachnotify_mail_", "kafka_consumer_records_lag_max_records");
            String ackMetrics = send(HttpRequest.newBuilder(URI.create(pipeline.ackUrl() + "/prometheus"))
                            .header("Authorization", admin)
                            .GET())
                    .body();
            assertThat(ackMetrics).contains("ack_submissions_total{outcome=\"recorded\"", "ack_visits_");
            String auditMetrics = send(HttpRequest.newBuilder(URI.create(pipeline.auditUrl() + "/prometheus"))
                            .header("Authorization", admin)
                            .GET())
                    .body();
            assertThat(auditMetrics)
                    .contains(
                            "audit_entries_appended_total",
                            "audit_log_entries",
                            "audit_checkpoint_tree_size",
                            "kafka_consumer_records_lag_max_records");

            // Then the DPO's export shows the whole story of the advisory
            long emailPractices = emailPracticesOfSample();
            String csv = awaitExport(
                    pipeline,
                    dpo,
                    advisoryId,
                    body -> body.contains("acknowledgement.recorded")
                            && body.contains("credential.rotation.confirmed")
                            && count(body, ",email.sent,") == emailPractices);
            stage("export shows the acknowledgement");
            assertThat(csv).contains("advisory.published", "notification.requested");
            assertThat(count(csv, ",credential.rotation.confirmed,")).isEqualTo(2);
            String code = link.substring(link.lastIndexOf('/') + 1);
            assertThat(csv).doesNotContain(code).doesNotContain(code.replace("-", ""));
            assertThat(send(HttpRequest.newBuilder(URI.create(
                                            pipeline.auditUrl() + "/api/audit/export.csv?advisoryId=" + advisoryId))
                                    .header("Authorization", comms)
                                    .GET())
                            .statusCode())
                    .isEqualTo(403);
        }

        // And a restart on the same data folder keeps everything
        try (EmbeddedPipeline restarted = EmbeddedPipeline.start(settings)) {
            String dpo = auth("dpo", restarted.password("dpo"));
            String csv = awaitExport(restarted, dpo, advisoryId, body -> body.contains("acknowledgement.recorded"));
            assertThat(csv).contains("advisory.published");
            stage("restarted, data kept");
        }
    }

    private String awaitExport(EmbeddedPipeline pipeline, String dpo, String advisoryId, Predicate<String> done) {
        return Awaitility.await("the DPO's export of " + advisoryId)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            HttpResponse<String> export = send(HttpRequest.newBuilder(URI.create(
                                            pipeline.auditUrl() + "/api/audit/export.csv?advisoryId=" + advisoryId))
                                    .header("Authorization", dpo)
                                    .GET());
                            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
                            return export.body();
                        },
                        done);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> emailRecipientsOfSample() throws Exception {
        return sampleRows().stream()
                .filter(row -> !row[3].isBlank() && !row[10].equals("letter"))
                .flatMap(row -> Pattern.compile("[,\\s]+").splitAsStream(row[3].strip()))
                .collect(Collectors.toSet());
    }

    private static long emailPracticesOfSample() throws Exception {
        return sampleRows().stream()
                .filter(row -> !row[3].isBlank() && !row[10].equals("letter"))
                .count();
    }

    private static List<String[]> sampleRows() throws Exception {
        return Files.readAllLines(ROOT.resolve("samples/practices.csv")).stream()
                .skip(1)
                .map(line -> line.split(";", -1))
                .toList();
    }

    private static String link(MimeMessage mail) throws Exception {
        String text =
                (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
        Matcher matcher = LINK.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }

    private static long count(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }

    private static String auth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
