package dev.breachnotify.audit.checkpoint;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * Mailing the checkpoints to the data-protection officer ({@code breachnotify.audit.checkpoint.mail.*}); off
 * unless {@code to} is set.
 */
@ConfigurationProperties("breachnotify.audit.checkpoint.mail")
public class CheckpointMailSettings {

    private List<String> to = List.of();
    private String from = "audit@breachnotify.local";
    private Duration interval = Duration.ofHours(1);
    private Duration firstAfter = Duration.ofSeconds(10);
    private String host = "localhost";
    private int port = 25;
    private boolean starttls;

    @Nullable
    private String username;

    @Nullable
    private String password;

    private Duration timeout = Duration.ofSeconds(30);

    /** The DPO's addresses; empty: no mail. */
    public List<String> getTo() {
        return to;
    }

    public void setTo(List<String> to) {
        this.to = to == null
                ? List.of()
                : to.stream()
                        .map(String::strip)
                        .filter(address -> !address.isEmpty())
                        .toList();
    }

    /** The sender. */
    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    /** At most one mail per interval, and only when the log has grown (default 1 hour). */
    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    /** The first mail's delay after start (default 10 s): the latest checkpoint, then one per interval. */
    public Duration getFirstAfter() {
        return firstAfter;
    }

    public void setFirstAfter(Duration firstAfter) {
        this.firstAfter = firstAfter;
    }

    /** The SMTP relay's host (default localhost). */
    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    /** The SMTP relay's port (default 25). */
    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** Require STARTTLS (default false: a relay on the same host or network). */
    public boolean isStarttls() {
        return starttls;
    }

    public void setStarttls(boolean starttls) {
        this.starttls = starttls;
    }

    @Nullable
    public String getUsername() {
        return username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username == null || username.isBlank() ? null : username;
    }

    @Nullable
    public String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    /** Connect, read and write timeout (default 30 s). */
    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
