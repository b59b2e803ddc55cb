package dev.breachnotify.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile bodies posted to the import and bounce endpoints of a running service on a real PostgreSQL: each gets an
 * answer that names its problem (400 or 422, never 500), and a refused import leaves the directory
 * exactly as it was. The bodies come from jqwik's generators; how many, from {@code breachnotify.fuzz.tries}
 * (default 1,000 tries of which a twentieth here, as each is an HTTP round trip and a transaction).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT implements TestPropertyProvider {

    private static final int TRIES = Math.max(20, Integer.getInteger("breachnotify.fuzz.tries", 1_000) / 20);
    private static final String VALID = "practice_id;name;emails;street;postcode;city;preferred_channel\n"
            + "H-1;Praxis Eins;eins@example.org;;;;email\n"
            + "H-2;Praxis Zwei;;Weg 2;12345;Ort;letter\n";

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    ApplicationContext context;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = NotifierTestProperties.user(
                NotifierTestProperties.of("notifier_hostile_input_it"), "bouncepipe", "MAIL_SYSTEM");
        return NotifierTestProperties.user(properties, "comms", "COMMUNICATIONS");
    }

    @BeforeAll
    void aDirectoryToKeep() {
        HttpResponse<Map> imported = http.toBlocking()
                .exchange(
                        HttpRequest.POST("/api/practices/import", VALID)
                                .contentType("text/csv")
                                .basicAuth("comms", "comms-pw"),
                        Map.class);
        assertThat(imported.getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void aFileThatCannotBeReadToItsEndIsRefusedNamingItsLineAndWritesNothing() {
        Random random = new Random(Long.getLong("breachnotify.fuzz.seed", System.nanoTime()));
        List<byte[]> files = new ArrayList<>();
        csvFiles().sampleStream().limit(TRIES).forEach(text -> files.add(brokenAtTheEnd(text, random)));

        for (byte[] file : files) {
            String before = directory();
            Answer answer = post("/api/practices/import", file, MediaType.of("text/csv"), "comms");

            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.body()).contains("\"line\":").contains("\"applied\":false");
            assertThat(directory()).as("a refused file changes nothing").isEqualTo(before);
        }
    }

    @Test
    void anyFileIsImportedOrAnsweredNamingItsProblemAndAStrictRefusalWritesNothing() {
        List<String> files = csvFiles().sampleStream().limit(TRIES).toList();

        for (String file : files) {
            String before = directory();
            Answer strict = post(
                    "/api/practices/import?strict=true",
                    file.getBytes(StandardCharsets.UTF_8),
                    MediaType.of("text/csv"),
                    "comms");

            assertThat(strict.status()).as(strict.body()).isIn(200, 400, 422);
            if (strict.status() != 200) {
                assertThat(directory())
                        .as("a strictly refused file changes nothing")
                        .isEqualTo(before);
            }
        }
        for (String file : jsonFiles().sampleStream().limit(TRIES).toList()) {
            Answer answer = post(
                    "/api/practices/import?dryRun=true",
                    file.getBytes(StandardCharsets.UTF_8),
                    MediaType.APPLICATION_JSON_TYPE,
                    "comms");
            assertThat(answer.status()).as(answer.body()).isIn(200, 400);
        }
    }

    @Test
    void anyContactsOrPartnersFileIsAnsweredNamingItsProblemAndARefusalWritesNothing() {
        List<String> files = new ArrayList<>();
        csvFiles().sampleStream().limit(TRIES / 2).forEach(files::add);
        jsonFiles().sampleStream().limit(TRIES / 2).forEach(files::add);
        String[] headers = {
            "practice_id;contact_id;name;role;email;channel;language\n",
            "partner_id;name;language;contact_name;contact_email\n",
            ""
        };
        int i = 0;
        for (String file : files) {
            String body = headers[i++ % headers.length] + file;
            boolean json = body.startsWith("[") || body.startsWith("{");
            for (String uri : List.of("/api/practices/contacts/import", "/api/partners/import")) {
                String before = directory();
                Answer answer = post(
                        uri,
                        body.getBytes(StandardCharsets.UTF_8),
                        json ? MediaType.APPLICATION_JSON_TYPE : MediaType.of("text/csv"),
                        "comms");

                assertThat(answer.status()).as(uri + ": " + answer.body()).isIn(200, 400, 422);
                if (answer.status() != 200) {
                    assertThat(directory()).as("a refused file changes nothing").isEqualTo(before);
                }
            }
        }
    }

    @Test
    void anyBounceBodyIsAnsweredNamingItsProblem() throws IOException {
        byte[] sample;
        try (InputStream in = HostileInputIT.class.getResourceAsStream("/dsn/postfix-failed-5.1.1.eml")) {
            sample = in.readAllBytes();
        }
        Random random = new Random(Long.getLong("breachnotify.fuzz.seed", System.nanoTime()));
        List<byte[]> bodies = new ArrayList<>();
        Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(300)
                .sampleStream()
                .limit(TRIES / 2)
                .forEach(bodies::add);
        for (int i = 0; i < TRIES / 2; i++) {
            bodies.add(damaged(sample, random));
        }

        for (byte[] body : bodies) {
            Answer answer = post("/api/bounces", body, MediaType.of("message/rfc822"), "bouncepipe");

            assertThat(answer.status()).as(answer.body()).isIn(400, 422);
            assertThat(answer.body()).startsWith("{\"error\":\"");
        }
    }

    /** The directory's rows, every column, as text to compare. */
    @SuppressWarnings("unchecked")
    private String directory() {
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        return transactions.executeRead(status -> {
            StringBuilder out = new StringBuilder();
            try (Statement statement = status.getConnection().createStatement()) {
                // the outbox is not compared: its relay deletes what it published, at any time; its rows are
                // written in the same transaction as these
                for (String query : List.of("SELECT * FROM practice ORDER BY practice_id")) {
                    try (ResultSet rows = statement.executeQuery(query)) {
                        int columns = rows.getMetaData().getColumnCount();
                        while (rows.next()) {
                            for (int i = 1; i <= columns; i++) {
                                out.append(rows.getString(i)).append('|');
                            }
                            out.append('\n');
                        }
                    }
                }
            }
            return out.toString();
        });
    }

    /** Valid rows that change the directory, then text that ends the file with a fault no row survives. */
    private static byte[] brokenAtTheEnd(String text, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("practice_id;name;emails;street;postcode;city;preferred_channel\n"
                        + "H-1;Praxis Eins geändert;eins@example.org;;;;email\n"
                        + "H-" + random.nextInt(1_000_000) + ";Neu;neu@example.org;;;;email\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 1_100; i++) { // past the importer's first batch of 1,000 rows
            out.writeBytes(("B-" + i + ";Praxis " + i + ";b" + i + "@example.org;;;;email\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(text.replace("\n", " ").getBytes(StandardCharsets.UTF_8));
        switch (random.nextInt(2)) {
            case 0 -> out.writeBytes(new byte[] {'\n', 'X', ';', (byte) 0xC3, (byte) 0x28, '\n'}); // not UTF-8
            default -> out.writeBytes("\nX;\"unterminated\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] damaged(byte[] sample, Random random) {
        byte[] copy = sample.clone();
        for (int i = random.nextInt(8); i >= 0; i--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static Arbitrary<String> csvFiles() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(
                        "practice_id",
                        "name",
                        "emails",
                        "street",
                        "postcode",
                        "city",
                        "preferred_channel",
                        "H-1",
                        "H-2",
                        "X-9",
                        "a@example.org",
                        "letter",
                        "email",
                        ";",
                        ",",
                        "\"",
                        "\n",
                        "\r\n",
                        " ",
                        "é"),
                Arbitraries.strings().ofMaxLength(3));
        return tokens.list()
                .ofMaxSize(30)
                .map(parts ->
                        "practice_id;name;emails;street;postcode;city;preferred_channel\n" + String.join("", parts));
    }

    private static Arbitrary<String> jsonFiles() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(
                        "[",
                        "]",
                        "{",
                        "}",
                        ",",
                        ":",
                        "\"practiceId\":",
                        "\"name\":",
                        "\"emails\":",
                        "\"H-1\"",
                        "\"x\"",
                        "1",
                        "null"),
                Arbitraries.strings().ofMaxLength(3));
        return tokens.list().ofMaxSize(30).map(parts -> "[" + String.join("", parts));
    }

    /** A status and the body of the answer. */
    record Answer(int status, String body) {}

    private Answer post(String uri, byte[] body, MediaType type, String user) {
        try {
            HttpResponse<String> response = http.toBlocking()
                    .exchange(
                            HttpRequest.POST(uri, body).contentType(type).basicAuth(user, user + "-pw"), String.class);
            return new Answer(response.getStatus().getCode(), response.body());
        } catch (HttpClientResponseException e) {
            return new Answer(
                    e.getStatus().getCode(),
                    e.getResponse().getBody(String.class).orElse(""));
        }
    }
}
