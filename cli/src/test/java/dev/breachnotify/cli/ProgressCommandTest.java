package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code breachctl progress} against a stand-in ack-service that answers the progress API with a fixed body: the
 * totals, the table per role and per partner, and the requests it made.
 */
class ProgressCommandTest {

    private static final String PROGRESS = """
            {"advisoryId":"ADV-1","targeted":3,"emailsSent":2,"emailsDeferred":0,"emailsFailed":1,"bounced":1,
             "letters":1,"acknowledged":1,"fullyConfirmed":1,"fullyRotated":1,"suspectedAutomated":0,
             "credentials":[],"acknowledgementsPerHour":[],"rotationsPerHour":[],
             "byRole":[
               {"role":"OWNER","contactsNotified":2,"contactsAcknowledged":1,"practices":2,"confirmed":1,"outstanding":1},
               {"role":"DOCTOR","contactsNotified":0,"contactsAcknowledged":0,"practices":0,"confirmed":0,"outstanding":0},
               {"role":"MANAGER","contactsNotified":1,"contactsAcknowledged":0,"practices":1,"confirmed":1,"outstanding":0},
               {"role":"DATA_PROTECTION","contactsNotified":0,"contactsAcknowledged":0,"practices":0,"confirmed":0,
                "outstanding":0}],
             "byPartner":[
               {"partnerId":"IT-A","name":"Systemhaus Nord","practices":2,"confirmed":2,"outstanding":0,
                "confirmedByPartner":1,"declined":0},
               {"partnerId":"IT-B","name":"Evil\\u001b[31m IT","practices":1,"confirmed":0,"outstanding":1,
                "confirmedByPartner":0,"declined":1}]}""";

    private static HttpServer server;
    private static String url;
    private static final List<String> REQUESTS = new ArrayList<>();

    @BeforeAll
    static void standIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            synchronized (REQUESTS) {
                REQUESTS.add(exchange.getRequestMethod() + " " + path);
            }
            byte[] body = path.equals("/api/advisories/ADV-1/progress")
                    ? PROGRESS.getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
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

    @Test
    void totalsWithoutBy() {
        Result result = run("progress", "ADV-1", "--ack-url", url, "--user", "u", "--password", "p");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out.lines())
                .contains(
                        "advisory             ADV-1",
                        "targeted                 3",
                        "emailed                  2",
                        "fully confirmed          1",
                        "not fully confirmed      2");
        assertThat(REQUESTS).contains("GET /api/advisories/ADV-1/progress");
    }

    @Test
    void aTablePerRole() {
        Result result = run("progress", "ADV-1", "--by", "role", "--ack-url", url, "--user", "u", "--password", "p");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out.lines())
                .containsExactly(
                        "role             contacts notified  acknowledged  practices  confirmed  outstanding",
                        "OWNER                            2             1          2          1            1",
                        "DOCTOR                           0             0          0          0            0",
                        "MANAGER                          1             0          1          1            0",
                        "DATA_PROTECTION                  0             0          0          0            0");
    }

    @Test
    void aTablePerPartnerWithoutTheServicesControlCharacters() {
        Result result = run("progress", "ADV-1", "--by", "partner", "--ack-url", url, "--user", "u", "--password", "p");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out.lines())
                .containsExactly(
                        "partner  name             practices  confirmed  outstanding  confirmed by partner  declined",
                        "IT-A     Systemhaus Nord          2          2            0                     1         0",
                        "IT-B     Evil?[31m IT             1          0            1                     0         1");
        assertThat(result.out).doesNotContain("\u001b");
    }

    @Test
    void aWrongByOrAnUnknownAdvisoryIsNamed() {
        Result wrongBy =
                run("progress", "ADV-1", "--by", "practice", "--ack-url", url, "--user", "u", "--password", "p");
        assertThat(wrongBy.exitCode).isEqualTo(2);
        assertThat(wrongBy.err).contains("--by takes 'role' or 'partner', not 'practice'");

        Result unknown = run("progress", "ADV-NOPE", "--ack-url", url, "--user", "u", "--password", "p");
        assertThat(unknown.exitCode).isEqualTo(4);
        assertThat(unknown.err).contains("no such advisory");
    }

    private static Result run(String... args) {
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
