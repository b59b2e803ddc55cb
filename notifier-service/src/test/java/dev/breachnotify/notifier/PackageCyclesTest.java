package dev.breachnotify.notifier;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The notifier's feature packages depend on each other in one direction only. */
class PackageCyclesTest {

    private static final JavaClasses NOTIFIER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.breachnotify.notifier");

    @Test
    void theFeaturePackagesAreFreeOfCycles() {
        slices().matching("dev.breachnotify.notifier.(*)..")
                .should()
                .beFreeOfCycles()
                .because("a feature reads another through a narrow interface (the lifecycle's SendGate, "
                        + "PublishedAdvisories, PrintedBatches) instead of calling back into the service that "
                        + "writes it")
                .check(NOTIFIER);
    }
}
