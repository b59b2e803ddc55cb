package dev.breachnotify.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InfrastructureModeTest {

    @Test
    void embeddedByDefaultWithoutAskingDocker() {
        AtomicBoolean asked = new AtomicBoolean();
        assertThat(InfrastructureMode.choose(null, () -> asked.getAndSet(true))).isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(InfrastructureMode.choose(" Embedded ", () -> asked.getAndSet(true)))
                .isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(asked).isFalse();
    }

    @Test
    void autoUsesContainersOnlyWhereDockerAnswers() {
        assertThat(InfrastructureMode.choose("auto", () -> true)).isEqualTo(InfrastructureMode.CONTAINERS);
        assertThat(InfrastructureMode.choose("auto", () -> false)).isEqualTo(InfrastructureMode.EMBEDDED);
    }

    @Test
    void testcontainersWithoutDockerSaysWhatToDo() {
        assertThat(InfrastructureMode.choose("testcontainers", () -> true)).isEqualTo(InfrastructureMode.CONTAINERS);
        assertThatThrownBy(() -> InfrastructureMode.choose("testcontainers", () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Docker engine answers")
                .hasMessageContaining("BREACHNOTIFY_TEST_INFRA=embedded");
    }

    @Test
    void unknownModeIsNamed() {
        assertThatThrownBy(() -> InfrastructureMode.choose("docker", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BREACHNOTIFY_TEST_INFRA=docker is not a mode; use embedded, testcontainers or auto");
    }
}
