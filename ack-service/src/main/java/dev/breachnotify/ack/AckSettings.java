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
    private int failedLookupsPerNetwork = 20;
    private Duration failedLookupsPerNetworkWindow = Duration.ofMinutes(10);
    private int failedLookupsGlobal = 1000;
    private Duration failedLookupsGlobalWindow = Duration.ofMinutes(1);
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

    /** {@code failed-lookups-per-network}: unknown codes per client network (/24, /48) and window. Default 20. */
    public int getFailedLookupsPerNetwork() {
        return failedLookupsPerNetwork;
    }

    public void setFailedLookupsPerNetwork(int failedLookupsPerNetwork) {
        this.failedLookupsPerNetwork = failedLookupsPerNetwork;
    }

    /** {@code failed-lookups-per-network-window}: the window of the per-network limit. Default 10 minutes. */
    public Duration getFailedLookupsPerNetworkWindow() {
        return failedLookupsPerNetworkWindow;
    }

    public void setFailedLookupsPerNetworkWindow(Duration failedLookupsPerNetworkWindow) {
        this.failedLookupsPerNetworkWindow = failedLookupsPerNetworkWindow;
    }

    /** {@code failed-lookups-global}: unknown codes from all clients together per window. Default 1000. */
    public int getFailedLookupsGlobal() {
        return failedLookupsGlobal;
    }

    public void setFailedLookupsGlobal(int failedLookupsGlobal) {
        this.failedLookupsGlobal = failedLookupsGlobal;
    }

    /** {@code failed-lookups-global-window}: the window of the global limit. Default 1 minute. */
    public Duration getFailedLookupsGlobalWindow() {
        return failedLookupsGlobalWindow;
    }

    public void setFailedLookupsGlobalWindow(Duration failedLookupsGlobalWindow) {
        this.failedLookupsGlobalWindow = failedLookupsGlobalWindow;
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
