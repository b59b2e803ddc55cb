package dev.breachnotify.audit.export;

/** A request parameter that cannot be used; answered with 400 and a JSON body naming the parameter. */
public final class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
