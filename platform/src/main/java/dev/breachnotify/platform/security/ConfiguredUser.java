package dev.breachnotify.platform.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * A user from configuration: {@code breachnotify.security.users.<name>.password-hash} (see
 * {@link PasswordHashes}) and {@code .roles} (from {@link Roles}). Passwords are never configured in clear.
 */
@EachProperty("breachnotify.security.users")
public final class ConfiguredUser {

    private final String name;
    private String passwordHash;
    private List<String> roles = List.of();

    public ConfiguredUser(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = List.copyOf(roles);
    }
}
