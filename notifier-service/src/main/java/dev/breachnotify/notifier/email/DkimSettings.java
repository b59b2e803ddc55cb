package dev.breachnotify.notifier.email;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * DKIM signing of every outgoing mail ({@code breachnotify.notifier.dkim.*}); off unless a key is set. The
 * public key is published as a TXT record at {@code <selector>._domainkey.<domain>}; see the README.
 */
@ConfigurationProperties("breachnotify.notifier.dkim")
public class DkimSettings {

    /** The signing domain ({@code d=}), normally the domain of the From address. */
    private String domain;
    /** The selector ({@code s=}). Default {@code breachnotify}. */
    private String selector = "breachnotify";
    /** The RSA private key, PKCS#8 DER, base64 (PEM armour allowed). Secret. */
    private String privateKey;

    public String getDomain() { return domain; }
    public void setDomain(String domain) { this.domain = domain; }
    public String getSelector() { return selector; }
    public void setSelector(String selector) { this.selector = selector; }
    public String getPrivateKey() { return privateKey; }
    public void setPrivateKey(String privateKey) { this.privateKey = privateKey; }

    boolean enabled() {
        return privateKey != null && !privateKey.isBlank();
    }
}
