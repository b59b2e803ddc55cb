package dev.breachnotify.notifier.email;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Retrying ({@code breachnotify.notifier.email.*}). */
@ConfigurationProperties("breachnotify.notifier.email")
public class EmailSettings {

    /** Attempts per mail before it is given up as failed. Default 3. */
    private int maxAttempts = 3;
    /** The wait before the second attempt; it doubles for each further one, with jitter. Default 2 s. */
    private Duration initialBackoff = Duration.ofSeconds(2);

    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
    public Duration getInitialBackoff() { return initialBackoff; }
    public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
}
