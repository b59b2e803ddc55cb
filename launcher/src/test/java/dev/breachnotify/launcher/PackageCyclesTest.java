package dev.breachnotify.launcher;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every module's feature packages depend on each other in one direction only: a package that needs another's
 * state reads it through a narrow interface instead of calling back into the code that writes it.
 */
class PackageCyclesTest {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "events",
                "audit-verifier",
                "platform",
                "embedded",
                "test-support",
                "notifier-service",
                "ack-service",
                "audit-service",
                "cli",
                "console",
                "launcher"
            })
    void theModulesFeaturePackagesAreFreeOfCycles(String module) {
        Path classes = ROOT.resolve(module).resolve("target/classes");
        assertThat(classes).as("compile %s first", module).isDirectory();
        JavaClasses imported = new ClassFileImporter().importPath(classes);

        slices().matching("dev.breachnotify.(*).(*)..")
                .should()
                .beFreeOfCycles()
                .because("a feature reads another through a narrow interface (e.g. the notifier lifecycle's SendGate)"
                        + " instead of calling back into the code that writes it")
                .allowEmptyShould(true)
                .check(imported);
    }
}
