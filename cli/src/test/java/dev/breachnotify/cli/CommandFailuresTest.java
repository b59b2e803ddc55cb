package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command, run the ways a user gets it wrong, ends with one line that names the problem and the documented
 * exit code: never a stack trace, an empty message or a service's raw JSON. The services are stood in for by a
 * small HTTP server that answers as Micronaut does (its error bodies, a 404 without a body, 401).
 */
class CommandFailuresTest {

    private static HttpServer server;
    private static String url;

    @TempDir
    static Path dir;

    @BeforeAll
    static void standIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            if (auth != null
                    && auth.equals("Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString("wrong:wrong".getBytes(StandardCharsets.UTF_8)))) {
                status = 401;
                body = "";
            } else if (exchange.getRequestURI().getPath().contains("/dead-letters/")) {
                status = 404;
                body = "{\"message\":\"Not Found\",\"_links\":{\"self\":{\"href\":\"/x\",\"templated\":false}},"
                        + "\"_embedded\":{\"errors\":[{\"message\":\"Page Not Found\"}]}}";
            } else if (exchange.getRequestURI().getPath().startsWith("/api/practices/import")) {
                status = 400;
                body = "{\"message\":\"Bad Request\",\"_embedded\":{\"errors\":[{\"message\":"
                        + "\"Required Body [String] not specified\"}]}}";
            } else {
                status = 404;
                body = "";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static Stream<Object[]> commands() throws IOException {
        Path csv = Files.writeString(dir.resolve("p.csv"), "practice_id;name\n");
        Path json = Files.writeString(dir.resolve("a.json"), "{}");
        List<Object[]> cases = new ArrayList<>();
        String[][] withService = {
            {"practices", "import", csv.toString()},
            {"advisory", "create", json.toString()},
            {"advisory", "preview", "ADV-NOPE", "--practice", "P-1"},
            {"advisory", "publish", "ADV-NOPE", "--yes"},
            {"advisory", "status", "ADV-NOPE"},
            {"progress", "ADV-NOPE", "--by", "partner"},
            {"audit", "export", "--advisory", "ADV-NOPE"},
            {"dlq", "list"},
            {"dlq", "replay", "12345"},
        };
        for (String[] command : withService) {
            cases.add(new Object[] {
                "unreachable",
                with(
                        command,
                        "--notifier-url",
                        "http://127.0.0.1:1",
                        "--ack-url",
                        "http://127.0.0.1:1",
                        "--audit-url",
                        "http://127.0.0.1:1",
                        "--user",
                        "u",
                        "--password",
                        "p"),
                6,
                "cannot reach http://127.0.0.1:1"
            });
            cases.add(new Object[] {
                "wrong credentials", with(command, urls("--user", "wrong", "--password", "wrong")), 5, "not accepted"
            });
            cases.add(new Object[] {
                "not a URL",
                with(
                        command,
                        "--notifier-url",
                        "localhost:8081",
                        "--ack-url",
                        "localhost:8082",
                        "--audit-url",
                        "localhost:8083",
                        "--user",
                        "u",
                        "--password",
                        "p"),
                2,
                "is not a service address"
            });
            cases.add(new Object[] {"unknown option", with(command, "--colour"), 2, "Unknown option: '--colour'"});
        }
        cases.add(new Object[] {
            "unknown advisory",
            with(new String[] {"advisory", "status", "ADV-NOPE"}, urls("--user", "u", "--password", "p")),
            4,
            "no such advisory"
        });
        cases.add(new Object[] {
            "unknown advisory",
            with(new String[] {"advisory", "publish", "ADV-NOPE", "--yes"}, urls("--user", "u", "--password", "p")),
            4,
            "no such advisory"
        });
        cases.add(new Object[] {
            "unknown dead letter",
            with(new String[] {"dlq", "replay", "12345"}, urls("--user", "u", "--password", "p")),
            4,
            "no dead letter 12345"
        });
        cases.add(new Object[] {
            "placeholder id",
            with(new String[] {"dlq", "replay", "<id>"}, urls("--user", "u", "--password", "p")),
            2,
            "'<id>' is not a valid dead letter id"
        });
        cases.add(new Object[] {
            "placeholder id",
            with(new String[] {"advisory", "status", "$ADV"}, urls("--user", "u", "--password", "p")),
            2,
            "'$ADV' is not a valid advisory id"
        });
        cases.add(new Object[] {
            "refused import",
            with(new String[] {"practices", "import", csv.toString()}, urls("--user", "u", "--password", "p")),
            4,
            "Required Body [String] not specified"
        });
        cases.add(new Object[] {
            "missing file",
            with(new String[] {"practices", "import", "no-such.csv"}, urls("--user", "u", "--password", "p")),
            4,
            "no such file: no-such.csv"
        });
        cases.add(new Object[] {
            "missing export folder",
            with(
                    new String[] {
                        "audit",
                        "export",
                        "--all",
                        "-o",
                        dir.resolve("no/such/folder/x.csv").toString()
                    },
                    urls("--user", "u", "--password", "p")),
            4,
            "not found"
        });
        cases.add(new Object[] {
            "missing export",
            new String[] {"audit", "verify", "--public-key", "k.pem", "no-such.jsonl"},
            2,
            "cannot read k.pem"
        });
        cases.add(new Object[] {
            "no audit",
            new String[] {"audit", "checkpoint", "--audit-url", "http://127.0.0.1:1"},
            6,
            "cannot reach http://127.0.0.1:1"
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("commands")
    void everyFailureIsOneLineWithItsExitCode(String situation, String[] args, int exitCode, String message) {
        Result result = run(args);

        assertThat(result.exitCode).as(result.err).isEqualTo(exitCode);
        assertThat(result.err).contains(message);
        assertThat(result.err).doesNotContain("Exception", "\tat ", "{\"", "breachctl: \n");
        if (!situation.equals("unknown option")) {
            assertThat(result.err.strip().lines().count()).as(result.err).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aPasswordWithoutAUserIsAnError() {
        assertThatThrownBy(() -> Credentials.resolve(
                        null, "secret", "COMMS", Map.of("BN_PASSWORD", "secret"), dir.resolve("none.env")))
                .isInstanceOf(CliException.class)
                .hasMessage("BN_PASSWORD is set but BN_USER is not: set both, or neither")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(CliException.AUTH);
    }

    @Test
    void problemsAreNeverEmptyNorRawJson() {
        assertThat(ApiClient.problem(ApiClient.lenientJson(""), 404))
                .isEqualTo("the service refused the request (HTTP 404)");
        assertThat(ApiClient.problem(
                        ApiClient.lenientJson("{\"message\":\"Conflict\",\"_embedded\":{\"errors\":"
                                + "[{\"message\":\"already replayed\"}]}}"),
                        409))
                .isEqualTo("Conflict: already replayed");
        assertThat(ApiClient.problem(ApiClient.lenientJson("{\"error\":\"bad\",\"problems\":[\"a\"]}"), 400))
                .isEqualTo("bad\n  - a");
    }

    private static String[] urls(String... more) {
        return Stream.concat(Stream.of("--notifier-url", url, "--ack-url", url, "--audit-url", url), Stream.of(more))
                .toArray(String[]::new);
    }

    private static String[] with(String[] command, String... more) {
        return Stream.concat(Stream.of(command), Stream.of(more)).toArray(String[]::new);
    }

    private static Result run(String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BreachCtl.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
