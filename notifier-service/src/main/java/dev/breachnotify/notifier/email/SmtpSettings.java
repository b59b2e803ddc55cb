package dev.breachnotify.notifier.email;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The mail relay ({@code breachnotify.notifier.smtp.*}). */
@ConfigurationProperties("breachnotify.notifier.smtp")
public class SmtpSettings {

    /** Relay host. Default localhost. */
    private String host = "localhost";
    /** Relay port. Default 25. */
    private int port = 25;
    /** User for SMTP AUTH; none when blank. */
    private String username;
    /** Password for SMTP AUTH. */
    private String password;
    /** Require STARTTLS. Default false (the embedded capture server speaks plain SMTP). */
    private boolean starttls;
    /** Connect, read and write timeout. Default 30 s (Jakarta Mail's own default is infinite). */
    private Duration timeout = Duration.ofSeconds(30);
    /** Connections kept open to the relay. Default 8. */
    private int connections = 8;
    /** The From header. */
    private String from = "Sicherheitshinweis <security-notice@vendor.example>";

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public boolean isStarttls() {
        return starttls;
    }

    public void setStarttls(boolean starttls) {
        this.starttls = starttls;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getConnections() {
        return connections;
    }

    public void setConnections(int connections) {
        this.connections = connections;
    }

    public String getFrom() {
        return from;
    }

    /** The domain of the From address, e.g. {@code vendor.example}. */
    public String fromDomain() {
        String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
        return address.substring(address.indexOf('@') + 1).strip().toLowerCase(java.util.Locale.ROOT);
    }

    public void setFrom(String from) {
        this.from = from;
    }
}
