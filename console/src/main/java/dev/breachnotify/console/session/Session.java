package dev.breachnotify.console.session;

import java.util.Set;

/**
 * The signed-in operator, as this request's session cookie (a JWT signed with the console's secret) states it:
 * who (name and subject from the identity provider), which pages (roles), the provider's access token that every
 * call to a service carries, and the form token. Nothing of it is kept in this console's memory, so any console
 * instance, restarted or not, serves the same session; only a directory file between its check and its
 * confirmation waits in memory ({@link PendingImports}).
 */
public final class Session {

    private final String user;
    private final String subject;
    private final Set<Role> roles;
    private final String accessToken;
    private final String csrfToken;
    private final String language;
    private final String currentPage;
    private final PendingImports pendingImports;

    /** What a session is made of; see the getters. */
    public record Parts(
            String user,
            String subject,
            Set<Role> roles,
            String accessToken,
            String csrfToken,
            String language,
            String currentPage) {}

    public Session(Parts parts, PendingImports pendingImports) {
        this.user = parts.user();
        this.subject = parts.subject();
        this.roles = Set.copyOf(parts.roles());
        this.accessToken = parts.accessToken();
        this.csrfToken = parts.csrfToken();
        this.language = parts.language();
        this.currentPage = parts.currentPage();
        this.pendingImports = pendingImports;
    }

    /** The operator as the services record the actor: the person's name and the provider's subject. */
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

    /** The {@code Authorization} header value for calls to the services on this operator's behalf. */
    public String authorization() {
        return "Bearer " + accessToken;
    }

    public String language() {
        return language;
    }

    /** The page shown (path and query), where the language switch returns to. */
    public String currentPage() {
        return currentPage;
    }

    public PendingImport pendingImport() {
        return pendingImports.find(subject);
    }

    public void pendingImport(PendingImport pending) {
        pendingImports.put(subject, pending);
    }

    /**
     * A directory file that was checked (dry run) and waits for the user's confirmation.
     *
     * @param kind what the file holds: {@code practices}, {@code contacts} or {@code partners}
     */
    public record PendingImport(String fileName, String contentType, byte[] content, String kind) {

        /** A practices file. */
        public PendingImport(String fileName, String contentType, byte[] content) {
            this(fileName, contentType, content, "practices");
        }
    }

    @Override
    public String toString() {
        return "Session[" + user + "]";
    }
}
