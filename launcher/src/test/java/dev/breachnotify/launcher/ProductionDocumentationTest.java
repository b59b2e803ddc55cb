package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/production.md is the one place an operator reads: it lists every operator-facing key each service reads
 * (and so every variable the deploy files set), and the Kubernetes manifests carry what a production deployment
 * needs. The files are linted with Debian's yamllint where it is installed.
 */
class ProductionDocumentationTest {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final List<String> SERVICES = List.of("notifier-service", "ack-service", "audit-service", "console");
    /** The parts of a service's configuration an operator sets; the rest (routes, views, endpoints) is fixed. */
    private static final List<String> OPERATOR_PREFIXES =
            List.of("BREACHNOTIFY_", "DATASOURCES_", "KAFKA_", "MICRONAUT_SERVER_PORT");

    @Test
    void everyOperatorFacingKeyOfEveryServiceIsDocumented() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/production.md"));
        Set<String> missing = new TreeSet<>();
        for (String service : SERVICES) {
            for (String key : DeployConfigurationTest.knownKeys(
                    ROOT.resolve(service).resolve("src/main/resources/application.yml"))) {
                if (OPERATOR_PREFIXES.stream().anyMatch(key::startsWith) && !documented(doc, key)) {
                    missing.add(service + ": " + key);
                }
            }
        }
        assertThat(missing).as("keys missing from docs/production.md").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableTheDeployFilesSetIsDocumented() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/production.md"));
        Set<String> variables = new TreeSet<>();
        for (Map<String, Object> manifest : kubernetesManifests()) {
            if ("ConfigMap".equals(manifest.get("kind"))) {
                variables.addAll(((Map<String, Object>) manifest.get("data")).keySet());
            }
            for (Map<String, Object> container : containers(manifest)) {
                for (Object variable : (List<Object>) container.getOrDefault("env", List.of())) {
                    variables.add((String) ((Map<String, Object>) variable).get("name"));
                }
            }
        }
        variables.removeIf(
                variable -> DeployConfigurationTest.USER_KEY.matcher(variable).matches());
        assertThat(variables).isNotEmpty();
        assertThat(variables.stream()
                        .filter(variable -> !documented(doc, variable))
                        .toList())
                .as("variables deploy/k8s sets that docs/production.md does not explain")
                .isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyDeploymentHasProbesResourcesAPinnedImageAndADisruptionBudget() throws Exception {
        List<Map<String, Object>> manifests = kubernetesManifests();
        Set<String> budgets = new TreeSet<>();
        Set<String> autoscaled = new TreeSet<>();
        for (Map<String, Object> manifest : manifests) {
            String name = (String) ((Map<String, Object>) manifest.get("metadata")).get("name");
            if ("PodDisruptionBudget".equals(manifest.get("kind"))) {
                budgets.add(name);
            } else if ("HorizontalPodAutoscaler".equals(manifest.get("kind"))) {
                autoscaled.add(name);
            }
        }
        int deployments = 0;
        for (Map<String, Object> manifest : manifests) {
            if (!"Deployment".equals(manifest.get("kind"))) {
                continue;
            }
            deployments++;
            String name = (String) ((Map<String, Object>) manifest.get("metadata")).get("name");
            assertThat(budgets).as("PodDisruptionBudget for %s", name).contains(name);
            for (Map<String, Object> container : containers(manifest)) {
                String image = (String) container.get("image");
                assertThat(image)
                        .as("%s's image has a pinned tag", name)
                        .matches(".+:[0-9][^:]*")
                        .doesNotEndWith(":latest");
                assertThat(container).as("%s's probes", name).containsKeys("readinessProbe", "livenessProbe");
                assertThat((Map<String, Object>) container.get("resources"))
                        .as("%s's resources", name)
                        .containsKey("requests");
            }
        }
        assertThat(deployments).isEqualTo(SERVICES.size());
        assertThat(autoscaled).contains("notifier-service");
        String dockerfile = Files.readString(ROOT.resolve("deploy/docker/Dockerfile"));
        assertThat(dockerfile.lines().filter(line -> line.startsWith("FROM ")))
                .as("base images pinned by tag")
                .allMatch(line -> line.matches("FROM \\S+:[0-9][^ ]*( AS \\S+)?"));
    }

    @Test
    void yamllintAcceptsTheDeployFiles() throws Exception {
        Assumptions.assumeTrue(
                onPath("yamllint"), "yamllint is not installed: apt-get install yamllint (the CI script installs it)");
        Process lint = new ProcessBuilder("yamllint", "--strict", "-c", "deploy/.yamllint.yaml", "deploy")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lint.exitValue()).as(output).isZero();
    }

    /**
     * The key as written in backticks, or by a row that groups keys: {@code `FOO_USERNAME` / `_PASSWORD`} covers
     * {@code FOO_PASSWORD} (stem and suffix on one line).
     */
    private static boolean documented(String doc, String key) {
        if (doc.contains("`" + key + "`")) {
            return true;
        }
        return doc.lines().anyMatch(line -> {
            for (int split = key.lastIndexOf('_'); split > 0; split = key.lastIndexOf('_', split - 1)) {
                if (line.contains("`" + key.substring(0, split)) && line.contains("`" + key.substring(split) + "`")) {
                    return true;
                }
            }
            return false;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kubernetesManifests() throws IOException {
        List<Map<String, Object>> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/k8s"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml"))
                    .sorted()
                    .toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        if (document != null) {
                            manifests.add((Map<String, Object>) document);
                        }
                    }
                }
            }
        }
        return manifests;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> manifest) {
        if (!"Deployment".equals(manifest.get("kind"))) {
            return List.of();
        }
        Map<String, Object> pod = (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) manifest.get("spec")).get("template")).get("spec");
        return (List<Map<String, Object>>) pod.get("containers");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command.toLowerCase(Locale.ROOT))));
    }
}
