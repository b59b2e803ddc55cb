package dev.breachnotify.platform.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping as operators set it: environment variables, which Micronaut turns into keys by its own rules. */
class OidcEnvironmentTest {

    @Test
    void theMappingIsReadFromEnvironmentVariables() {
        PropertySource environment =
                new MapPropertySource(
                        "env",
                        Map.of(
                                "BREACHNOTIFY_SECURITY_OIDC_ROLES_CLAIM", "realm_access.roles",
                                "BREACHNOTIFY_SECURITY_OIDC_NAME_CLAIM", "preferred_username",
                                "BREACHNOTIFY_SECURITY_OIDC_ROLE_MAPPING",
                                        "bn-communications=COMMUNICATIONS,5b1c-77=DPO",
                                "BREACHNOTIFY_SECURITY_OIDC_SUBJECT_MAPPING", "break-glass=ADMIN")) {
                    @Override
                    public PropertyConvention getConvention() {
                        return PropertyConvention.ENVIRONMENT_VARIABLE;
                    }
                };
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(environment)
                .deduceEnvironment(false)
                .environmentPropertySource(false)
                // the platform's topic creation starts with every context: present, but idle
                .properties(
                        Map.of("kafka.bootstrap.servers", "127.0.0.1:1", "breachnotify.kafka.topics.create", "false"))
                .start()) {
            OidcRoleMapping mapping = context.getBean(OidcRoleMapping.class);

            assertThat(mapping.getRolesClaim()).isEqualTo("realm_access.roles");
            assertThat(mapping.getNameClaim()).isEqualTo("preferred_username");
            assertThat(mapping.rolesOf(Map.of(
                            "sub",
                            "break-glass",
                            "realm_access",
                            Map.of("roles", List.of("bn-communications", "5b1c-77")))))
                    .containsExactlyInAnyOrder("ADMIN", "COMMUNICATIONS", "DPO");
        }
    }
}
