package dev.breachnotify.verifier;

/** A proof, signature or export that does not verify; the message says what is wrong. */
public class ProofException extends RuntimeException {

    public ProofException(String message) {
        super(message);
    }

    public ProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
