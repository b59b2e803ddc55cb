package dev.breachnotify.console.services;

/** A service could not be reached or did not answer in time. */
public class ServiceUnavailableException extends RuntimeException {

    public ServiceUnavailableException(Service service, Throwable cause) {
        super(service.name().toLowerCase(java.util.Locale.ROOT) + "-service is not reachable: " + cause, cause);
    }
}
