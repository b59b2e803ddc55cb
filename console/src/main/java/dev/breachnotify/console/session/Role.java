package dev.breachnotify.console.session;

/**
 * What a signed-in operator may see. The console does not keep users of its own: at sign-in it asks the
 * services which of their APIs the operator's access token opens, so roles are mapped in one place (the
 * services' {@code breachnotify.security.oidc.*}).
 */
public enum Role {
    /** Opens notifier-service's directory and advisory API: import, advisories, progress, escalation. */
    COMMUNICATIONS,
    /** Opens audit-service's export API: exports, evidence report, chain status. */
    DPO;
}
