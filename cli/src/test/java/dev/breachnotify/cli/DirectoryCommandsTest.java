package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code breachctl contacts import}, {@code partners import} and {@code partners list} against a stand-in notifier
 * answering as the real one does: the report's problems print as line, practice, field and reason, and a file
 * with problems imports nothing and exits with 4.
 */
class DirectoryCommandsTest {

    private static HttpServer server;
    private static String url;
    private static final List<String> requests = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void standIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            requests.add(exchange.getRequestMethod() + " " + path + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            int status;
            String body;
            if (path.startsWith("/api/practices/contacts/import")) {
                status = 422;
                body = "{\"source\":\"c.csv\",\"strict\":true,\"applied\":false,\"dryRun\":false,\"rowsRead\":2,"
                        + "\"created\":0,\"updated\":0,\"unchanged\":0,\"rejected\":1,\"problems\":[{\"line\":3,"
                        + "\"practiceId\":\"P-00001\",\"field\":\"email\",\"reason\":\"malformed email address 'x'\"}]}";
            } else if (path.startsWith("/api/partners/import")) {
                status = 200;
                body = "{\"source\":\"p.json\",\"strict\":true,\"applied\":true,\"dryRun\":false,\"rowsRead\":2,"
                        + "\"created\":2,\"updated\":0,\"unchanged\":0,\"rejected\":0,\"problems\":[]}";
            } else if (path.equals("/api/partners?limit=500")) {
                status = 200;
                body = "{\"partners\":[{\"partner\":{\"partnerId\":\"IT-NORD\",\"name\":\"IT Nord\",\"language\":"
                        + "\"de\",\"contacts\":[{\"name\":\"Jan\",\"email\":\"jan@it-nord.example\"}]},"
                        + "\"practices\":70}],\"next\":\"IT-NORD\"}";
            } else if (path.equals("/api/partners?limit=500&after=IT-NORD")) {
                status = 200;
                body = "{\"partners\":[{\"partner\":{\"partnerId\":\"IT-SUED\",\"name\":\"IT Süd\",\"language\":"
                        + "\"de\",\"contacts\":[]},\"practices\":0}],\"next\":null}";
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

    @Test
    void aContactsFileWithAProblemPrintsItsLinePracticeAndFieldAndExitsWithFour() throws IOException {
        Path file = Files.writeString(dir.resolve("c.csv"), "practice_id;name;role;email\n");

        Result result = run("contacts", "import", file.toString());

        assertThat(result.exitCode).isEqualTo(4);
        assertThat(result.out)
                .contains("c.csv: 2 rows read, 0 created, 0 updated, 0 unchanged, 1 rejected - nothing imported")
                .contains("  line 3 (P-00001), email: malformed email address 'x'");
        assertThat(requests)
                .anyMatch(request -> request.startsWith("POST /api/practices/contacts/import?source=c.csv"));
    }

    @Test
    void partnersImportAsJsonAndListPageThroughAll() throws IOException {
        Path file = Files.writeString(dir.resolve("p.json"), "[]");

        Result imported = run("partners", "import", file.toString());
        Result listed = run("partners", "list");

        assertThat(imported.exitCode).isZero();
        assertThat(requests)
                .anyMatch(request -> request.equals("POST /api/partners/import?source=p.json application/json"));
        assertThat(listed.exitCode).as(listed.err).isZero();
        assertThat(listed.out).contains("IT-NORD").contains("70 practices").contains("jan@it-nord.example");
        assertThat(listed.out).contains("IT-SUED");
    }

    private static Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--notifier-url", url, "--user", "u", "--password", "p"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BreachCtl.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
