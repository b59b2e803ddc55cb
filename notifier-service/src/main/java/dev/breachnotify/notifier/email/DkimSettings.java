package dev.breachnotify.notifier.email;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * DKIM signing of every outgoing mail ({@code breachnotify.notifier.dkim.*}); off unless an RSA key is set. Each
 * public key is published as a TXT record at {@code <selector>._domainkey.<domain>}; see docs/mail.md.
 */
@ConfigurationProperties("breachnotify.notifier.dkim")
public class DkimSettings {

    /** The signing domain ({@code d=}), normally the domain of the From address (the default). */
    private String domain;
    /** The selector ({@code s=}) of the RSA key. Default {@code breachnotify}. */
    private String selector = "breachnotify";
    /** The RSA private key (at least 2048 bits), PKCS#8 DER, base64 (PEM armour allowed). Secret. */
    private String privateKey;
    /** The selector of the Ed25519 key (RFC 8463). Default {@code breachnotify-ed25519}. */
    private String ed25519Selector = "breachnotify-ed25519";
    /**
     * An Ed25519 private key, PKCS#8 DER, base64 (PEM armour allowed); when set, mails carry an ed25519-sha256
     * signature beside the RSA one (receivers that do not know Ed25519 ignore it). Secret. Optional.
     */
    private String ed25519PrivateKey;

    public String getDomain() {
        return domain;
    }

    public void setDomain(String domain) {
        this.domain = domain;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public String getPrivateKey() {
        return privateKey;
    }

    public void setPrivateKey(String privateKey) {
        this.privateKey = privateKey;
    }

    public String getEd25519Selector() {
        return ed25519Selector;
    }

    public void setEd25519Selector(String ed25519Selector) {
        this.ed25519Selector = ed25519Selector;
    }

    public String getEd25519PrivateKey() {
        return ed25519PrivateKey;
    }

    public void setEd25519PrivateKey(String ed25519PrivateKey) {
        this.ed25519PrivateKey = ed25519PrivateKey;
    }

    boolean enabled() {
        return privateKey != null && !privateKey.isBlank();
    }

    boolean ed25519() {
        return ed25519PrivateKey != null && !ed25519PrivateKey.isBlank();
    }
}
