package dev.breachnotify.console;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * The console's settings ({@code breachnotify.console.*}).
 */
@ConfigurationProperties("breachnotify.console")
public class ConsoleSettings {

    private String notifierUrl = "http://localhost:8081";
    private String ackUrl = "http://localhost:8082";
    private String auditUrl = "http://localhost:8083";
    private Duration serviceTimeout = Duration.ofSeconds(60);
    private boolean https;

    /**
     * notifier-service's base address (directory, advisories, escalation, dead letters); default
     * {@code http://localhost:8081}.
     */
    public String getNotifierUrl() {
        return notifierUrl;
    }

    public void setNotifierUrl(String notifierUrl) {
        this.notifierUrl = strip(notifierUrl);
    }

    /** ack-service's base address (progress, outstanding practices); default {@code http://localhost:8082}. */
    public String getAckUrl() {
        return ackUrl;
    }

    public void setAckUrl(String ackUrl) {
        this.ackUrl = strip(ackUrl);
    }

    /**
     * audit-service's base address (exports, evidence report, checkpoints); default {@code http://localhost:8083}.
     */
    public String getAuditUrl() {
        return auditUrl;
    }

    public void setAuditUrl(String auditUrl) {
        this.auditUrl = strip(auditUrl);
    }

    /** How long a call to a service may take (exports of a large log take longer); default 60 s. */
    public Duration getServiceTimeout() {
        return serviceTimeout;
    }

    public void setServiceTimeout(Duration serviceTimeout) {
        this.serviceTimeout = serviceTimeout;
    }

    /** Behind TLS: the session cookie is {@code Secure} and HSTS is sent; default false. */
    public boolean isHttps() {
        return https;
    }

    public void setHttps(boolean https) {
        this.https = https;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
