package dev.breachnotify.ack;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The settings of the acknowledgement pages ({@code breachnotify.ack.*}).
 */
@ConfigurationProperties("breachnotify.ack")
public class AckSettings {

    /** The default of {@link #getVendorName()}. */
    public static final String DEFAULT_VENDOR_NAME = "Ihr Softwarehersteller";

    private String vendorName = DEFAULT_VENDOR_NAME;
    private String formKey;
    private Duration formTokenValidity = Duration.ofHours(24);
    private ZoneId timeZone = ZoneId.of("Europe/Berlin");
    private String clientAddressHeader;

    /**
     * {@code vendor-name}: the vendor's name as the pages show it. Default {@value #DEFAULT_VENDOR_NAME}.
     */
    public String getVendorName() {
        return vendorName;
    }

    public void setVendorName(String vendorName) {
        this.vendorName = vendorName;
    }

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
}
