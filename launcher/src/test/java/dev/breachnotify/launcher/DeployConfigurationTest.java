package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/ must be true: every setting the Compose file and the Kubernetes manifests give a service is a
 * configuration key that service knows (in its application.yml, as a placeholder there, or a documented platform
 * setting). No Docker and no cluster here, so the files are checked, not run.
 */
class DeployConfigurationTest {

    private static final Path ROOT =
            Path.of(System.getProperty("breachnotify.repo-root", "..")).toAbsolutePath();
    private static final List<String> SERVICES = List.of("notifier-service", "ack-service", "audit-service", "console");
    /** Keys every service reads through the platform module, and map-valued keys (one entry per user). */
    private static final Set<String> PLATFORM_KEYS = Set.of(
            "BREACHNOTIFY_KAFKA_TOPICS_PARTITIONS",
            "BREACHNOTIFY_KAFKA_TOPICS_REPLICATION_FACTOR",
            "BREACHNOTIFY_KAFKA_TOPICS_MIN_INSYNC_REPLICAS",
            "BREACHNOTIFY_KAFKA_TOPICS_CREATE",
            "BREACHNOTIFY_SECURITY_BASIC_ENABLED",
            // the identity provider's access tokens (platform's security.oidc and Micronaut Security's JWT keys)
            "MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_JWKS_OPERATORS_URL",
            "MICRONAUT_SECURITY_TOKEN_JWT_CLAIMS_VALIDATORS_ISSUER",
            "MICRONAUT_SECURITY_TOKEN_JWT_CLAIMS_VALIDATORS_AUDIENCE",
            "BREACHNOTIFY_SECURITY_OIDC_ROLES_CLAIM",
            "BREACHNOTIFY_SECURITY_OIDC_NAME_CLAIM",
            "BREACHNOTIFY_SECURITY_OIDC_ROLE_MAPPING",
            "BREACHNOTIFY_SECURITY_OIDC_SUBJECT_MAPPING");

    static final Pattern USER_KEY = Pattern.compile("BREACHNOTIFY_SECURITY_USERS_[A-Z0-9]+_(PASSWORD_HASH|ROLES)");
    /** Kafka client settings: every service passes its {@code kafka.*} keys to its Kafka clients (KafkaSecurityIT). */
    static final Pattern KAFKA_CLIENT_KEY = Pattern.compile("KAFKA_(SECURITY_PROTOCOL|SASL_[A-Z_]+|SSL_[A-Z_]+)"
            // Micronaut Flyway's own connection: migrate as the schema owner, run as a narrower role
            + "|FLYWAY_DATASOURCES_DEFAULT_(URL|USER|PASSWORD)");

    @Test
    @SuppressWarnings("unchecked")
    void everyEnvironmentVariableTheComposeFileSetsIsAKeyOfThatService() throws Exception {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("deploy/compose/compose.yaml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        for (String service : SERVICES) {
            Map<String, Object> definition = (Map<String, Object>) services.get(service);
            assertThat(definition).as("compose service %s", service).isNotNull();
            Set<String> known = knownKeys(ROOT.resolve(service).resolve("src/main/resources/application.yml"));
            Map<String, Object> environment = (Map<String, Object>) definition.get("environment");
            for (String variable : environment.keySet()) {
                assertThat(known.contains(variable)
                                || PLATFORM_KEYS.contains(variable)
                                || USER_KEY.matcher(variable).matches()
                                || KAFKA_CLIENT_KEY.matcher(variable).matches())
                        .as("%s sets %s, which %s does not read", "compose.yaml", variable, service)
                        .isTrue();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEnvironmentVariableTheKubernetesManifestsSetIsAKeyOfThatService() throws Exception {
        Map<String, Object> configMap;
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("deploy/k8s/config.yaml"))) {
            configMap = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(reader)).get("data");
        }
        for (String service : SERVICES) {
            Set<String> known = knownKeys(ROOT.resolve(service).resolve("src/main/resources/application.yml"));
            Set<String> variables = new HashSet<>();
            try (Reader reader =
                    Files.newBufferedReader(ROOT.resolve("deploy/k8s").resolve(service + ".yaml"))) {
                for (Object document : new Yaml().loadAll(reader)) {
                    Map<String, Object> manifest = (Map<String, Object>) document;
                    if (!"Deployment".equals(manifest.get("kind"))) {
                        continue;
                    }
                    Map<String, Object> pod = (Map<String, Object>)
                            ((Map<String, Object>) ((Map<String, Object>) manifest.get("spec")).get("template"))
                                    .get("spec");
                    for (Object container : (List<Object>) pod.get("containers")) {
                        if (((Map<String, Object>) container).containsKey("envFrom")) {
                            variables.addAll(configMap.keySet()); // the shared ConfigMap of the services
                        }
                        for (Object variable : (List<Object>) ((Map<String, Object>) container).get("env")) {
                            variables.add((String) ((Map<String, Object>) variable).get("name"));
                        }
                    }
                }
            }
            assertThat(variables)
                    .as("%s's manifest sets environment variables", service)
                    .isNotEmpty();
            for (String variable : variables) {
                assertThat(known.contains(variable)
                                || PLATFORM_KEYS.contains(variable)
                                || USER_KEY.matcher(variable).matches()
                                || KAFKA_CLIENT_KEY.matcher(variable).matches())
                        .as("deploy/k8s sets %s, which %s does not read", variable, service)
                        .isTrue();
            }
        }
    }

    /** The keys of an application.yml in environment-variable form, and the placeholders it reads. */
    @SuppressWarnings("unchecked")
    static Set<String> knownKeys(Path applicationYml) throws Exception {
        Set<String> keys = new HashSet<>();
        String text = Files.readString(applicationYml);
        Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(text);
        while (placeholder.find()) {
            keys.add(placeholder.group(1));
        }
        flatten("", new Yaml().load(text), keys);
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
                flatten(key, entry.getValue(), keys);
            }
        } else {
            keys.add(prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
    }
}
