package dev.breachnotify.notifier;

import dev.breachnotify.embedded.TestInfrastructure;
import dev.breachnotify.notifier.print.PrintSettings;
import dev.breachnotify.platform.security.PasswordHashes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A print sink that fails leaves its batches claimed; they are handed over on a later tick under the same batch
 * ids (what also happens after a crash), and every letter is in exactly one batch.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrintBatchRetryIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final Path ROOT = Path.of("target", "print-retry-it-" + UUID.randomUUID()).toAbsolutePath();
    private static final String CSV = """
            practice_id;name;contact_person;emails;street;postcode;city;country;language;segment;preferred_channel
            R-001;Praxis Eins;;;Weg 1;10115;Berlin;DE;de;retry;letter
            R-002;Praxis Zwei;;;Weg 2;10115;Berlin;DE;de;retry;letter
            R-003;Praxis Drei;;;Weg 3;10115;Berlin;DE;en;retry;both
            """;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    PrintSettings settings;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_print_retry_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(INFRA.smtpPort()));
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.code-key", Base64.getEncoder()
                .encodeToString("print-retry-it-code-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        properties.put("breachnotify.notifier.print.batch-size", "2");
        properties.put("breachnotify.notifier.print.flush-after", "0s");
        properties.put("breachnotify.notifier.print.poll-interval", "300ms");
        properties.put("breachnotify.security.users.comms.password-hash", PasswordHashes.hash("comms-pw".toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void batchesThatCouldNotBeHandedOverAreRetriedAndNoLetterIsPrintedTwice() throws Exception {
        // Given a sink that cannot write: its folder is a file
        Files.createDirectories(ROOT);
        Path blocked = Files.writeString(ROOT.resolve("not-a-folder"), "x");
        settings.setFolder(blocked.resolve("print"));
        post("/api/practices/import", CSV, MediaType.of("text/csv"));
        String advisoryId = (String) post("/api/advisories", Map.of(
                "title", "Retry", "deadline", LocalDate.now().plusDays(20).toString(),
                "channels", List.of("LETTER"),
                "audience", Map.of("kind", "SEGMENTS", "values", List.of("retry")),
                "texts", Map.of("de", Map.of("subject", "Betreff", "body", "Text"),
                        "en", Map.of("subject", "Subject", "body", "Text"))), MediaType.APPLICATION_JSON_TYPE)
                .get("advisoryId");

        // When the advisory is published, its three letters are claimed into batches that cannot be handed over
        post("/api/advisories/" + advisoryId + "/publish", "", MediaType.APPLICATION_JSON_TYPE);
        awaitUntil("three letters in claimed batches", () -> count(advisoryId, "BATCHED") == 3);

        // Then, once the sink works again, they are handed over: each letter once, in the batches claimed before
        Path print = ROOT.resolve("print");
        settings.setFolder(print);
        awaitUntil("three letters handed over", () -> count(advisoryId, "HANDED_OVER") == 3);
        List<String> practices = new ArrayList<>();
        List<Path> manifests;
        try (Stream<Path> files = Files.list(print)) {
            manifests = files.filter(file -> file.toString().endsWith("-manifest.csv")).toList();
        }
        for (Path manifest : manifests) {
            Files.readAllLines(manifest).stream().skip(1).forEach(line -> practices.add(line.split(",")[2]));
        }
        assertThat(manifests).hasSizeBetween(2, 3); // batches of at most two letters
        assertThat(practices).containsExactlyInAnyOrder("R-001", "R-002", "R-003");
        try (Stream<Path> files = Files.list(print)) {
            assertThat(files.filter(file -> file.toString().endsWith(".part"))).isEmpty();
        }
    }

    private long count(String advisoryId, String status) {
        Map<?, ?> counts = http.toBlocking().retrieve(HttpRequest.GET("/api/letters/status?advisoryId=" + advisoryId)
                .basicAuth("comms", "comms-pw"), Map.class);
        Object value = counts.get(status);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private Map<?, ?> post(String uri, Object body, MediaType type) {
        return http.toBlocking().retrieve(HttpRequest.POST(uri, body).contentType(type).basicAuth("comms", "comms-pw"),
                Map.class);
    }

    private static void awaitUntil(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }
}
