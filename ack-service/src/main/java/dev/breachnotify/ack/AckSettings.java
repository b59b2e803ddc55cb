package dev.breachnotify.ack;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * The settings of the acknowledgement pages ({@code breachnotify.ack.*}). The vendor the pages name is the
 * vendor's identity ({@code breachnotify.vendor.*}, {@link dev.breachnotify.platform.vendor.VendorSettings}).
 */
@ConfigurationProperties("breachnotify.ack")
public class AckSettings {

    private String formKey;
    private Duration formTokenValidity = Duration.ofHours(24);
    private ZoneId timeZone = ZoneId.of("Europe/Berlin");
    private String clientAddressHeader;
    private boolean https;
    private boolean secureCookies = true;
    private Duration automatedWindow = Duration.ofSeconds(10);
    private List<String> scannerNetworks = List.of();
    private int failedLookupsPerNetwork = 40;
    private Duration failedLookupsPerNetworkHalfLife = Duration.ofMinutes(2);
    private int failedLookupsGlobal = 2000;
    private Duration failedLookupsGlobalHalfLife = Duration.ofMinutes(1);
    private Duration failedLookupDelayStep = Duration.ofMillis(200);
    private Duration failedLookupMaxDelay = Duration.ofSeconds(2);
    private int visitQueueCapacity = 10_000;

    /**
     * {@code form-key}: the base64 HMAC-SHA256 key (at least 32 bytes) that signs the forms' anti-forgery
     * tokens. Set it in production, from a secret store, and the same on every instance. Default: none, in
     * which case a random key is made at start-up, and forms opened before a restart (or on another
     * instance) are refused.
     */
    @Nullable
    public String getFormKey() {
        return formKey;
    }

    public void setFormKey(@Nullable String formKey) {
        this.formKey = formKey;
    }

    /** {@code form-token-validity}: how long an opened form can be submitted. Default 24 hours. */
    public Duration getFormTokenValidity() {
        return formTokenValidity;
    }

    public void setFormTokenValidity(Duration formTokenValidity) {
        this.formTokenValidity = formTokenValidity;
    }

    /**
     * {@code time-zone}: the zone in which dates and times are shown and in which "today" is reckoned when a
     * change date is checked. Default {@code Europe/Berlin}.
     */
    public ZoneId getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(ZoneId timeZone) {
        this.timeZone = timeZone;
    }

    /**
     * {@code client-address-header}: the request header from which the client's address is taken, e.g.
     * {@code X-Real-IP}, when the service runs behind a reverse proxy that sets it (for a list such as
     * {@code X-Forwarded-For}, the last entry, the one the proxy added, is used). Default: none, the address
     * of the connection's peer is used and no header is trusted, since a client can send any header.
     */
    @Nullable
    public String getClientAddressHeader() {
        return clientAddressHeader;
    }

    public void setClientAddressHeader(@Nullable String clientAddressHeader) {
        this.clientAddressHeader = clientAddressHeader;
    }

    /**
     * {@code https}: the pages are served over TLS (directly or by a proxy in front). Adds
     * {@code Strict-Transport-Security} to every response. Default {@code false}.
     */
    public boolean isHttps() {
        return https;
    }

    public void setHttps(boolean https) {
        this.https = https;
    }

    /**
     * {@code secure-cookies}: mark any cookie this service sets {@code Secure}, when {@link #isHttps()} is on.
     * Cookies are always {@code HttpOnly} and {@code SameSite=Strict}. Default {@code true}.
     */
    public boolean isSecureCookies() {
        return secureCookies;
    }

    public void setSecureCookies(boolean secureCookies) {
        this.secureCookies = secureCookies;
    }

    /**
     * {@code automated-window}: an acknowledgement submitted less than this long after the practice's email was
     * accepted by the relay is flagged "suspected automated" (mail scanners that follow links and fill forms).
     * Default 10 seconds.
     */
    public Duration getAutomatedWindow() {
        return automatedWindow;
    }

    public void setAutomatedWindow(Duration automatedWindow) {
        this.automatedWindow = automatedWindow;
    }

    /**
     * {@code scanner-networks}: CIDR blocks of known link-scanning services (mail security gateways); an
     * acknowledgement whose client network lies in one of them is flagged "suspected automated", e.g.
     * {@code [192.0.2.0/24, "2001:db8::/32"]}. Since only the /24 or /48 of a client is recorded, a block
     * narrower than that never matches. Default: none.
     */
    public List<String> getScannerNetworks() {
        return scannerNetworks;
    }

    public void setScannerNetworks(List<String> scannerNetworks) {
        this.scannerNetworks = scannerNetworks == null ? List.of() : List.copyOf(scannerNetworks);
    }

    /**
     * {@code failed-lookups-per-network}: the (decaying) count of unknown codes from one client network (/24, /48)
     * at which its unknown codes are answered 429; from a quarter of it on they are answered late. Known codes
     * are never limited. Default 40.
     */
    public int getFailedLookupsPerNetwork() {
        return failedLookupsPerNetwork;
    }

    public void setFailedLookupsPerNetwork(int failedLookupsPerNetwork) {
        this.failedLookupsPerNetwork = failedLookupsPerNetwork;
    }

    /** {@code failed-lookups-per-network-half-life}: how fast a network's count decays. Default 2 minutes. */
    public Duration getFailedLookupsPerNetworkHalfLife() {
        return failedLookupsPerNetworkHalfLife;
    }

    public void setFailedLookupsPerNetworkHalfLife(Duration failedLookupsPerNetworkHalfLife) {
        this.failedLookupsPerNetworkHalfLife = failedLookupsPerNetworkHalfLife;
    }

    /**
     * {@code failed-lookups-global}: the same for all clients together: the decaying count of unknown codes at
     * which every unknown code is answered 429. Default 2000.
     */
    public int getFailedLookupsGlobal() {
        return failedLookupsGlobal;
    }

    public void setFailedLookupsGlobal(int failedLookupsGlobal) {
        this.failedLookupsGlobal = failedLookupsGlobal;
    }

    /** {@code failed-lookups-global-half-life}: how fast the global count decays. Default 1 minute. */
    public Duration getFailedLookupsGlobalHalfLife() {
        return failedLookupsGlobalHalfLife;
    }

    public void setFailedLookupsGlobalHalfLife(Duration failedLookupsGlobalHalfLife) {
        this.failedLookupsGlobalHalfLife = failedLookupsGlobalHalfLife;
    }

    /** {@code failed-lookup-delay-step}: how much later an unknown code is answered per count above the free quarter. Default 200 ms. */
    public Duration getFailedLookupDelayStep() {
        return failedLookupDelayStep;
    }

    public void setFailedLookupDelayStep(Duration failedLookupDelayStep) {
        this.failedLookupDelayStep = failedLookupDelayStep;
    }

    /** {@code failed-lookup-max-delay}: the longest an unknown code's answer waits. Default 2 seconds. */
    public Duration getFailedLookupMaxDelay() {
        return failedLookupMaxDelay;
    }

    public void setFailedLookupMaxDelay(Duration failedLookupMaxDelay) {
        this.failedLookupMaxDelay = failedLookupMaxDelay;
    }

    /**
     * {@code visit-queue-capacity}: visits waiting to be published; beyond it a visit is dropped, logged and
     * counted ({@code ack.visits.dropped}). Default 10000.
     */
    public int getVisitQueueCapacity() {
        return visitQueueCapacity;
    }

    public void setVisitQueueCapacity(int visitQueueCapacity) {
        this.visitQueueCapacity = visitQueueCapacity;
    }
}
