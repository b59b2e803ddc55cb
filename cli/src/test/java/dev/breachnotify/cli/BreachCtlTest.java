package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BreachCtlTest {

    @Test
    void everyCommandHasHelpAndUsageErrorsExitWithTwo() {
        for (String[] args : new String[][] {
            {"--help"},
            {"practices", "import", "--help"},
            {"contacts", "import", "--help"},
            {"partners", "import", "--help"},
            {"partners", "list", "--help"},
            {"advisory", "status", "--help"},
            {"audit", "export", "--help"},
            {"dlq", "list", "--help"},
            {"dlq", "replay", "--help"}
        }) {
            assertThat(run(args).exitCode).as(String.join(" ", args)).isZero();
        }
        Result unknown = run("advisory", "publish", "ADV-1", "--colour");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("Unknown option: '--colour'");
    }

    @Test
    void anUnreachableServiceIsReportedWithItsAddressAndExitCodeSix() {
        Result result =
                run("advisory", "status", "ADV-1", "--ack-url", "http://127.0.0.1:1", "--user", "u", "--password", "p");

        assertThat(result.exitCode).isEqualTo(6);
        assertThat(result.err).contains("cannot reach http://127.0.0.1:1");
    }

    @Test
    void deadLettersNeedTheNotifier() {
        Result result = run("dlq", "list", "--notifier-url", "http://127.0.0.1:1", "--user", "u", "--password", "p");

        assertThat(result.exitCode).isEqualTo(6);
        assertThat(result.err).contains("cannot reach http://127.0.0.1:1");
    }

    @Test
    void credentialsComeFromOptionsThenEnvironmentThenTheEmbeddedDefaultsFile(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("credentials.env"),
                "# comment\nBN_COMMS_USER=comms\nBN_COMMS_PASSWORD=from-file\nBN_DPO_USER=dpo\nBN_DPO_PASSWORD=d\n");

        assertThat(Credentials.resolve("me", "secret", "COMMS", Map.of(), file))
                .isEqualTo(new Credentials("me", "secret"));
        assertThat(Credentials.resolve(null, null, "COMMS", Map.of("BN_USER", "x", "BN_PASSWORD", "y"), file))
                .isEqualTo(new Credentials("x", "y"));
        assertThat(Credentials.resolve(null, null, "DPO", Map.of(), file)).isEqualTo(new Credentials("dpo", "d"));
        assertThatThrownBy(() -> Credentials.resolve(null, null, "COMMS", Map.of(), dir.resolve("missing")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("no credentials");
    }

    @Test
    void theProgressBarShowsTheShareOfFullyConfirmedPractices() {
        assertThat(ProgressBar.line(300, 278, 2, 120, 75))
                .isEqualTo(
                        "[#######-----------------------]  25% confirmed 75/300 | emailed 278 | failed 2 | acknowledged 120");
        assertThat(ProgressBar.line(0, 0, 0, 0, 0)).startsWith("[------------------------------]   0%");
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
