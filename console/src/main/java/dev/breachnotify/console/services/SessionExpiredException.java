package dev.breachnotify.console.services;

/** A service answered 401 to the operator's access token: the session has to start again at the provider. */
public class SessionExpiredException extends RuntimeException {

    public SessionExpiredException() {
        super("the identity provider's access token is no longer accepted; sign in again");
    }
}
