package dev.breachnotify.platform.security;

/** The roles of breach-notify's users. */
public final class Roles {

    /** The communications team: directory, advisories, progress. */
    public static final String COMMUNICATIONS = "COMMUNICATIONS";
    /** The data-protection officer: audit exports and verification. */
    public static final String DPO = "DPO";
    /** The mail system's bounce pipe: may post delivery status notifications ({@code POST /api/bounces}), nothing else. */
    public static final String MAIL_SYSTEM = "MAIL_SYSTEM";
    /** Operators: everything. */
    public static final String ADMIN = "ADMIN";

    private Roles() {}
}
