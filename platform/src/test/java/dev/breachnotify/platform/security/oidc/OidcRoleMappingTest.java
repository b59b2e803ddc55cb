package dev.breachnotify.platform.security.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcRoleMappingTest {

    @Test
    void onlyMappedGroupsAndSubjectsGrantRoles() {
        OidcRoleMapping mapping = new OidcRoleMapping();
        mapping.setRoleMapping("bn-comms=COMMUNICATIONS,bn-dpo=DPO");
        mapping.setSubjectMapping("admin=ADMIN");

        assertThat(mapping.rolesOf(Map.of("sub", "x", "groups", List.of("bn-dpo", "sales", "ADMIN"))))
                .containsExactly("DPO");
        assertThat(mapping.rolesOf(Map.of("sub", "admin"))).containsExactly("ADMIN");
        assertThat(mapping.rolesOf(Map.of("sub", "y", "groups", "bn-comms bn-dpo")))
                .containsExactlyInAnyOrder("COMMUNICATIONS", "DPO");
        assertThat(mapping.rolesOf(Map.of("sub", "z"))).isEmpty();
    }

    @Test
    void aNestedClaimIsFoundByItsDottedPath() {
        OidcRoleMapping mapping = new OidcRoleMapping();
        mapping.setRolesClaim("realm_access.roles");
        mapping.setRoleMapping("breachnotify-dpo=DPO");

        assertThat(mapping.rolesOf(Map.of("realm_access", Map.of("roles", List.of("breachnotify-dpo")))))
                .containsExactly("DPO");
        assertThat(mapping.rolesOf(Map.of("realm_access", "breachnotify-dpo"))).isEmpty();
    }

    @Test
    void theMappingCanBeOneValueForAnEnvironmentVariable() {
        OidcRoleMapping mapping = new OidcRoleMapping();
        mapping.setRoleMapping(" 5b1c-77=COMMUNICATIONS, 9e0a-12=DPO ");
        mapping.setSubjectMapping("break-glass=ADMIN");

        assertThat(mapping.rolesOf(Map.of("sub", "break-glass", "groups", List.of("9e0a-12"))))
                .containsExactlyInAnyOrder("ADMIN", "DPO");
        assertThatThrownBy(() -> mapping.setRoleMapping("just-a-group"))
                .hasMessageContaining("role-mapping")
                .hasMessageContaining("name=ROLE");
    }

    @Test
    void aMappingToAnUnknownRoleIsAConfigurationError() {
        assertThatThrownBy(() -> new OidcRoleMapping().setRoleMapping("bn=SUPERUSER"))
                .hasMessageContaining("breachnotify.security.oidc.role-mapping.bn")
                .hasMessageContaining("SUPERUSER");
    }

    @Test
    void theActorIsTheNameAndTheSubject() {
        assertThat(OperatorAuthenticationFactory.actor("5f2c", "Erika Muster")).isEqualTo("Erika Muster [5f2c]");
        assertThat(OperatorAuthenticationFactory.actor("5f2c", null)).isEqualTo("5f2c");
        assertThat(OperatorAuthenticationFactory.actor("5f2c", " [x]\n")).isEqualTo("x [5f2c]");
    }
}
