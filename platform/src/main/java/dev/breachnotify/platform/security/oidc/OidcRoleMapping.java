package dev.breachnotify.platform.security.oidc;

import dev.breachnotify.platform.security.Roles;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the identity provider's groups or roles become breach-notify's roles
 * ({@code breachnotify.security.oidc.*}). A token whose claim names no mapped group gets no role: it is signed in
 * but every API answers 403.
 *
 * <pre>
 * breachnotify.security.oidc:
 *   roles-claim: groups            # or roles (Entra ID app roles), realm_access.roles (Keycloak)
 *   role-mapping: breachnotify-communications=COMMUNICATIONS,breachnotify-dpo=DPO
 * </pre>
 */
@ConfigurationProperties("breachnotify.security.oidc")
public class OidcRoleMapping {

    private static final Set<String> KNOWN = Set.of(Roles.COMMUNICATIONS, Roles.DPO, Roles.ADMIN);

    private String rolesClaim = "groups";
    private String nameClaim = "name";
    private Map<String, String> roles = Map.of();
    private Map<String, String> subjects = Map.of();

    /** The claim that lists the user's groups or roles, a dotted path for nested claims; default {@code groups}. */
    public String getRolesClaim() {
        return rolesClaim;
    }

    public void setRolesClaim(String rolesClaim) {
        this.rolesClaim = rolesClaim;
    }

    /** The claim with the person's display name, recorded with the subject as actor; default {@code name}. */
    public String getNameClaim() {
        return nameClaim;
    }

    public void setNameClaim(String nameClaim) {
        this.nameClaim = nameClaim;
    }

    /**
     * Which provider groups (or app roles, or group ids) give which role: {@code group=ROLE} pairs separated by
     * commas, e.g. {@code 5b1c…=COMMUNICATIONS,9e0a…=DPO}; default none. One value rather than a map, so that an
     * environment variable ({@code BREACHNOTIFY_SECURITY_OIDC_ROLE_MAPPING}) sets it without ambiguity.
     */
    public void setRoleMapping(String pairs) {
        this.roles = checked("role-mapping", pairs("role-mapping", pairs));
    }

    /**
     * Which provider subjects give which role, like {@link #setRoleMapping}: for single people without a group
     * (a break-glass administrator) and for the embedded default's provider, whose sign-in page takes any name:
     * there only the configured operator names get a role. Default none.
     */
    public void setSubjectMapping(String pairs) {
        this.subjects = checked("subject-mapping", pairs("subject-mapping", pairs));
    }

    /** Group to role, as configured. */
    public Map<String, String> groupRoles() {
        return roles;
    }

    /** Subject to role, as configured. */
    public Map<String, String> subjectRoles() {
        return subjects;
    }

    private static Map<String, String> pairs(String key, String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(
                        "breachnotify.security.oidc." + key + ": '" + pair.strip() + "' is not name=ROLE");
            }
            pairs.put(
                    pair.substring(0, equals).strip(),
                    pair.substring(equals + 1).strip());
        }
        return pairs;
    }

    private static Map<String, String> checked(String key, Map<String, String> mapping) {
        Map<String, String> checked = new LinkedHashMap<>();
        mapping.forEach((name, role) -> {
            if (!KNOWN.contains(role)) {
                throw new IllegalArgumentException("breachnotify.security.oidc." + key + "." + name + ": '" + role
                        + "' is no role; use one of " + KNOWN);
            }
            checked.put(name, role);
        });
        return Map.copyOf(checked);
    }

    /** The roles the claims grant: the mapped values of the configured claim and of the subject, nothing else. */
    public List<String> rolesOf(Map<String, Object> claims) {
        Set<String> granted = new LinkedHashSet<>();
        Object subject = claims.get("sub");
        if (subject != null && subjects.containsKey(subject.toString())) {
            granted.add(subjects.get(subject.toString()));
        }
        for (String group : groupsOf(claims)) {
            String role = roles.get(group);
            if (role != null) {
                granted.add(role);
            }
        }
        return List.copyOf(granted);
    }

    private List<String> groupsOf(Map<String, Object> claims) {
        Object value = claims;
        for (String part : rolesClaim.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(part);
        }
        List<String> groups = new ArrayList<>();
        if (value instanceof Collection<?> many) {
            many.forEach(item -> groups.add(String.valueOf(item)));
        } else if (value instanceof String one) {
            groups.addAll(List.of(one.split("[ ,]+")));
        }
        return groups;
    }
}
