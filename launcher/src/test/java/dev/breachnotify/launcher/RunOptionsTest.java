package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunOptionsTest {

    @Test
    void runArgsFollowTheCommandLineAndOverrideIt() {
        var options = BreachNotifyEmbedded.options(
                new String[] {"--data-dir=/repo/data", "--stop-with-parent=true"},
                "  --notifier-port=9081   --data-dir=/srv/bn ");

        PipelineSettings settings = PipelineSettings.parse(options.stream()
                .filter(o -> !o.startsWith("--stop-with-parent"))
                .toArray(String[]::new));

        assertThat(settings.notifierPort()).isEqualTo(9081);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/bn"));
        assertThat(settings.ackPort()).isEqualTo(8082);
    }

    @Test
    void emptyRunArgsAddNothing() {
        assertThat(BreachNotifyEmbedded.options(new String[] {"--data-dir=d"}, ""))
                .containsExactly("--data-dir=d");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThatThrownBy(() -> PipelineSettings.parse(new String[] {"--notifer-port=1"}))
                .hasMessageContaining("--notifer-port");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(PipelineSettings.HELP)
                .contains(
                        "--data-dir",
                        "--kafka-port",
                        "--postgres-port",
                        "--smtp-port",
                        "--notifier-port",
                        "--ack-port",
                        "--audit-port",
                        "--console-port",
                        "--smtp-relay");
    }

    @Test
    void aTakenPortIsNamedWithItsOptionBeforeAnythingStarts() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            PipelineSettings settings = new PipelineSettings(Path.of("d"), 0, 0, taken.getLocalPort(), 0, 0, 0, 0);

            assertThat(BreachNotifyEmbedded.busyPort(settings))
                    .startsWith("port " + taken.getLocalPort() + " (--smtp-port) is in use")
                    .contains("-Drun.args=\"--smtp-port=...\"");
        }
        assertThat(BreachNotifyEmbedded.busyPort(new PipelineSettings(Path.of("d"), 0, 0, 0, 0, 0, 0, 0)))
                .isNull();
    }
}
