package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.notifier.print.FolderPrintSink;
import dev.breachnotify.notifier.print.PrintSettings;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A print sink that fails leaves its batches claimed; they are handed over on a later tick under the same batch
 * ids (what also happens after a crash between claiming and recording), and every letter is in exactly one batch.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrintBatchRetryIT implements TestPropertyProvider {

    private static final TestInfrastructure INFRA = TestInfrastructure.get();
    private static final Path ROOT =
            Path.of("target", "print-retry-it-" + UUID.randomUUID()).toAbsolutePath();
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
    FlakySink sink;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("micronaut.server.port", "-1"); // not the default 8081, which a running pipeline may hold
        properties.put("kafka.bootstrap.servers", INFRA.kafkaBootstrapServers());
        properties.put("datasources.default.url", INFRA.jdbcUrl("notifier_print_retry_it"));
        properties.put("datasources.default.username", INFRA.dbUser());
        properties.put("datasources.default.password", INFRA.dbPassword());
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(INFRA.smtpPort()));
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString(
                                "print-retry-it-code-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        properties.put(
                "breachnotify.notifier.print.folder", ROOT.resolve("print").toString());
        properties.put("print-retry-it.flaky-sink", "true");
        properties.put("breachnotify.notifier.print.batch-size", "2");
        properties.put("breachnotify.notifier.print.flush-after", "0s");
        properties.put("breachnotify.notifier.print.poll-interval", "300ms");
        properties.put(
                "breachnotify.security.users.comms.password-hash", PasswordHashes.hash("comms-pw".toCharArray()));
        properties.put("breachnotify.security.users.comms.roles", "COMMUNICATIONS");
        return properties;
    }

    @Test
    void batchesThatCouldNotBeHandedOverAreRetriedAndNoLetterIsPrintedTwice() throws Exception {
        // Given a print sink whose first two hand-overs fail (a provider's API that is down, or a crash)
        sink.failuresLeft.set(2);
        post("/api/practices/import", CSV, MediaType.of("text/csv"));
        String advisoryId = (String) post(
                        "/api/advisories",
                        Map.of(
                                "title",
                                "Retry",
                                "deadline",
                                LocalDate.now().plusDays(20).toString(),
                                "channels",
                                List.of("LETTER"),
                                "audience",
                                Map.of("kind", "SEGMENTS", "values", List.of("retry")),
                                "texts",
                                Map.of(
                                        "de",
                                        Map.of("subject", "Betreff", "body", "Text"),
                                        "en",
                                        Map.of("subject", "Subject", "body", "Text"))),
                        MediaType.APPLICATION_JSON_TYPE)
                .get("advisoryId");

        // When the advisory is published and its three letters are batched
        post("/api/advisories/" + advisoryId + "/publish", "", MediaType.APPLICATION_JSON_TYPE);

        // Then the failed batches stay claimed and are handed over later, under the same ids: each letter once
        awaitUntil("three letters handed over", () -> count(advisoryId, "HANDED_OVER") == 3);
        assertThat(sink.failed).hasSize(2);
        assertThat(sink.delivered).containsAll(sink.failed);
        Path print = ROOT.resolve("print");
        List<String> practices = new ArrayList<>();
        List<Path> manifests;
        try (Stream<Path> files = Files.list(print)) {
            manifests = files.filter(file -> file.toString().endsWith("-manifest.csv"))
                    .toList();
        }
        for (Path manifest : manifests) {
            Files.readAllLines(manifest).stream().skip(1).forEach(line -> practices.add(line.split(",")[2]));
        }
        assertThat(manifests).hasSize(sink.delivered.size()).hasSizeBetween(2, 3); // at most two letters each
        assertThat(practices).containsExactlyInAnyOrder("R-001", "R-002", "R-003");
        try (Stream<Path> files = Files.list(print)) {
            assertThat(files.filter(file -> file.toString().endsWith(".part"))).isEmpty();
        }
    }

    /** The folder sink, failing as often as the test says; records the batch ids it failed and delivered. */
    @Singleton
    @Replaces(FolderPrintSink.class)
    @Requires(property = "print-retry-it.flaky-sink", value = "true")
    static class FlakySink extends FolderPrintSink {
        final AtomicInteger failuresLeft = new AtomicInteger();
        final List<String> failed = new CopyOnWriteArrayList<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();

        FlakySink(PrintSettings settings) {
            super(settings);
        }

        @Override
        public void deliver(String batchId, Path pdf, List<ManifestLine> manifest) throws IOException {
            if (failuresLeft.getAndDecrement() > 0) {
                failed.add(batchId);
                throw new IOException("print provider unavailable (test)");
            }
            super.deliver(batchId, pdf, manifest);
            delivered.add(batchId);
        }
    }

    private long count(String advisoryId, String status) {
        Map<?, ?> counts = http.toBlocking()
                .retrieve(
                        HttpRequest.GET("/api/letters/status?advisoryId=" + advisoryId)
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        Object value = counts.get(status);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private Map<?, ?> post(String uri, Object body, MediaType type) {
        return http.toBlocking()
                .retrieve(HttpRequest.POST(uri, body).contentType(type).basicAuth("comms", "comms-pw"), Map.class);
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
