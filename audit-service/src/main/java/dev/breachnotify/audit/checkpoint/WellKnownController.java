package dev.breachnotify.audit.checkpoint;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * Public, for anyone who wants to keep or check the log's checkpoints: the latest signed checkpoint and the public
 * key. Neither reveals anything about the entries.
 */
@Controller("/.well-known")
@Secured(SecurityRule.IS_ANONYMOUS)
public class WellKnownController {

    static final String TEXT_UTF8 = "text/plain; charset=UTF-8";

    private final Checkpoints checkpoints;
    private final SigningKey key;

    public WellKnownController(Checkpoints checkpoints, SigningKey key) {
        this.checkpoints = checkpoints;
        this.key = key;
    }

    /** The latest signed checkpoint (C2SP tlog-checkpoint), or 404 before the first. */
    @Get(uri = "/audit-checkpoint", produces = TEXT_UTF8)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> checkpoint() {
        return checkpoints
                .latest()
                .map(checkpoint ->
                        HttpResponse.ok(checkpoint.signedNote()).header(HttpHeaders.CACHE_CONTROL, "no-cache"))
                .orElseGet(HttpResponse::notFound);
    }

    /** The Ed25519 public key, X.509 PEM. */
    @Get(uri = "/audit-public-key.pem", produces = "application/x-pem-file")
    public String publicKey() {
        return key.publicKeyPem();
    }

    /**
     * All the log's public keys, PEM, the current one first: after a key rotation, the keys that signed the
     * checkpoints of before it too (for exports and checkpoints kept from then).
     */
    @Get(uri = "/audit-public-keys.pem", produces = "application/x-pem-file")
    public String publicKeys() {
        return key.trustedKeysPem();
    }

    /** The same key as a C2SP signed-note verifier key. */
    @Get(uri = "/audit-verifier-key", produces = TEXT_UTF8)
    public String verifierKey() {
        return key.verifierKey() + "\n";
    }
}
