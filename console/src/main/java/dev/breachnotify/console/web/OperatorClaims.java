package dev.breachnotify.console.web;

/** The claims of the console's session cookie beyond the name ({@code sub}) and {@code roles}. */
final class OperatorClaims {

    /** The identity provider's subject of the operator. */
    static final String SUBJECT = "bn_subject";
    /** A random id of this sign-in, from which the form token is derived. */
    static final String SESSION_ID = "bn_session";
    /** The provider's access token, which every call to a service carries. */
    static final String ACCESS_TOKEN = "bn_access_token";

    private OperatorClaims() {}
}
