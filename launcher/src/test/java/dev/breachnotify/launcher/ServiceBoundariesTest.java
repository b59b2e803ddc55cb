package dev.breachnotify.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The services talk only through Kafka events: none may depend on another's code, in its build or in its
 * classes. They share only the event contracts ({@code events}) and the platform glue ({@code platform}).
 * The web console is a client of the services' HTTP APIs: it depends on no service either.
 */
class ServiceBoundariesTest {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final Map<String, String> SERVICE_PACKAGES = Map.of(
            "notifier-service", "dev.breachnotify.notifier",
            "ack-service", "dev.breachnotify.ack",
            "audit-service", "dev.breachnotify.audit");
    private static final Set<String> ALLOWED_MODULES = Set.of(
            "events",
            "platform",
            "test-support",
            "audit-verifier"); // a JDK-only library of the audit log's formats, like the contracts

    @Test
    void aServiceBuildDependsOnNoOtherServiceOnlyOnTheContractsAndPlatform() throws Exception {
        for (String service : SERVICE_PACKAGES.keySet()) {
            List<String> projectDependencies =
                    projectDependencies(ROOT.resolve(service).resolve("pom.xml"), true);

            assertThat(projectDependencies)
                    .as("%s may depend only on %s (test-support for tests)", service, ALLOWED_MODULES)
                    .isSubsetOf(ALLOWED_MODULES)
                    .contains("events");
        }
    }

    @Test
    void noServiceClassUsesAnotherServicesClasses() {
        for (Map.Entry<String, String> service : SERVICE_PACKAGES.entrySet()) {
            Path classes = ROOT.resolve(service.getKey()).resolve("target/classes");
            assertThat(classes).as("compile %s first", service.getKey()).isDirectory();
            JavaClasses imported = new ClassFileImporter().importPath(classes);
            String[] others = SERVICE_PACKAGES.entrySet().stream()
                    .filter(other -> !other.getKey().equals(service.getKey()))
                    .map(other -> other.getValue() + "..")
                    .toArray(String[]::new);

            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .because("services talk only through Kafka events, never through each other's code")
                    .check(imported);
        }
    }

    @Test
    void theConsoleUsesTheServicesOnlyThroughTheirHttpApis() throws Exception {
        List<String> projectDependencies = projectDependencies(ROOT.resolve("console/pom.xml"), false);
        assertThat(projectDependencies)
                .as("console may depend only on the contracts and JDK-only libraries")
                .isSubsetOf(Set.of("events", "platform", "audit-verifier"));

        Path classes = ROOT.resolve("console/target/classes");
        assertThat(classes).as("compile console first").isDirectory();
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICE_PACKAGES.values().stream()
                        .map(servicePackage -> servicePackage + "..")
                        .toArray(String[]::new))
                .because("the console reaches the services over HTTP with the user's credentials, never their code")
                .check(new ClassFileImporter().importPath(classes));
    }

    @Test
    void theEventContractsDependOnNoServiceAndNoFramework() {
        JavaClasses contracts = new ClassFileImporter().importPath(ROOT.resolve("events/target/classes"));

        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.breachnotify.notifier..",
                        "dev.breachnotify.ack..",
                        "dev.breachnotify.audit..",
                        "dev.breachnotify.platform..",
                        "io.micronaut..")
                .because("every service, tool and auditor must be able to read the events with Jackson alone")
                .check(contracts);
    }

    private static List<String> projectDependencies(Path pom, boolean needsEvents) throws Exception {
        assertThat(pom).exists();
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList dependencies = document.getElementsByTagName("dependency");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String groupId = dependency
                    .getElementsByTagName("groupId")
                    .item(0)
                    .getTextContent()
                    .strip();
            NodeList scope = dependency.getElementsByTagName("scope");
            if (scope.getLength() > 0 && scope.item(0).getTextContent().strip().equals("test")) {
                continue; // test infrastructure (the in-process identity provider, brokers) is not the product's code
            }
            if (groupId.equals("dev.breachnotify") || groupId.equals("${project.groupId}")) {
                modules.add(dependency
                        .getElementsByTagName("artifactId")
                        .item(0)
                        .getTextContent()
                        .strip());
            }
        }
        if (needsEvents) {
            assertThat(Files.readString(pom)).contains("<artifactId>events</artifactId>");
        }
        return modules;
    }
}
