package dev.breachnotify.console.session;

/**
 * What a signed-in user may see. The console does not keep users of its own: at sign-in it asks the services
 * which of their APIs the credentials open, so roles are configured in one place (the services'
 * {@code breachnotify.security.users.*}).
 */
public enum Role {
    /** Opens notifier-service's directory and advisory API: import, advisories, progress, escalation. */
    COMMUNICATIONS,
    /** Opens audit-service's export API: exports, evidence report, chain status. */
    DPO;
}
