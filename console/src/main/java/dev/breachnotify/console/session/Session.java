package dev.breachnotify.console.session;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.nio.charset.StandardCharsets;

/**
 * A signed-in user's session, kept in the console's memory only. The cookie carries nothing but the random id;
 * the password stays here so that every call to a service is made with the user's own credentials.
 */
public final class Session {

    private final String id;
    private final String user;
    private final char[] password;
    private final Set<Role> roles;
    private final String csrfToken;
    private volatile Instant lastSeen;
    private volatile String language;
    private volatile PendingImport pendingImport;
    private volatile String currentPage = "/";

    Session(String id, String user, char[] password, Set<Role> roles, String csrfToken, Instant now,
            String language) {
        this.id = id;
        this.user = user;
        this.password = password.clone();
        this.roles = Set.copyOf(roles);
        this.csrfToken = csrfToken;
        this.lastSeen = now;
        this.language = language;
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public Set<Role> roles() {
        return roles;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The token every form of this session must carry back. */
    public String csrfToken() {
        return csrfToken;
    }

    /** The {@code Authorization} header value for calls to the services on this user's behalf. */
    public String basicAuthorization() {
        byte[] pair = (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    public String language() {
        return language;
    }

    public void language(String language) {
        this.language = language;
    }

    public PendingImport pendingImport() {
        return pendingImport;
    }

    public void pendingImport(PendingImport pending) {
        this.pendingImport = pending;
    }

    /** The page last shown (path and query), where the language switch returns to. */
    public String currentPage() {
        return currentPage;
    }

    public void currentPage(String page) {
        this.currentPage = page;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    void wipe() {
        Arrays.fill(password, '\0');
        pendingImport = null;
    }

    /** A directory file that was checked (dry run) and waits for the user's confirmation. */
    public record PendingImport(String fileName, String contentType, byte[] content) {
    }

    @Override
    public String toString() {
        return "Session[" + user + "]";
    }
}
