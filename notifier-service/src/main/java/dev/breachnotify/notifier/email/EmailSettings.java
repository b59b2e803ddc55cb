package dev.breachnotify.notifier.email;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sending and retrying ({@code breachnotify.notifier.email.*}). */
@ConfigurationProperties("breachnotify.notifier.email")
public class EmailSettings {

    /** Mails sent at once by one instance (threads over the relay connections). Default 8. */
    private int senders = 8;
    /**
     * Attempts of a deferred mail (4xx, connection failure) inside the email worker, before it is handed to the
     * durable retries of {@link EmailRetrier} so that the polled batch is not held up. Default 2.
     */
    private int maxAttempts = 2;
    /** The worker's wait before its second attempt; it doubles for each further one, with jitter. Default 1 s. */
    private Duration initialBackoff = Duration.ofSeconds(1);
    /** How long after its first attempt a deferred mail is retried before it fails (and becomes a letter). 48 h. */
    private Duration retryDeadline = Duration.ofHours(48);
    /** The wait before the first durable retry; it doubles per attempt, with jitter, up to the maximum. 1 min. */
    private Duration retryBackoff = Duration.ofMinutes(1);
    /** The longest wait between two durable retries. Default 1 h. */
    private Duration retryMaxBackoff = Duration.ofHours(1);
    /** How often the retrier looks for due retries. Default 10 s. */
    private Duration retryPollInterval = Duration.ofSeconds(10);
    /** Due retries claimed (and sent in parallel) per transaction. Default 50. */
    private int retryBatchSize = 50;

    /** The limit for any domain not listed in {@code domain-limits}, as {@code <mails per second>/<at once>}. */
    private String defaultDomainLimit = "50/4";
    /**
     * Limits per recipient domain as {@code <domain>=<mails per second>/<at once>}. Default: t-online.de 5/s with
     * 2 at once; gmx.de, gmx.net and web.de 10/s with 2 at once.
     */
    private List<String> domainLimits = List.of("t-online.de=5/2", "gmx.de=10/2", "gmx.net=10/2", "web.de=10/2");

    /**
     * How fast and how many at once one recipient domain may get mail.
     *
     * @param rate        mails per second
     * @param concurrency sends in flight at once
     */
    public record DomainLimit(double rate, int concurrency) {

        /** Parses {@code <rate>/<concurrency>}, e.g. {@code 5/2}. */
        static DomainLimit parse(String setting, String key) {
            String[] parts = setting.strip().split("/");
            try {
                DomainLimit limit = new DomainLimit(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]));
                if (parts.length == 2 && limit.rate > 0 && limit.concurrency > 0) {
                    return limit;
                }
            } catch (RuntimeException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(
                    key + ": '" + setting + "' is not <mails per second>/<at once>, e.g. 5/2");
        }
    }

    /** The default limit. */
    public DomainLimit defaultLimit() {
        return DomainLimit.parse(defaultDomainLimit, "breachnotify.notifier.email.default-domain-limit");
    }

    /** The limits by domain. */
    public Map<String, DomainLimit> limitsByDomain() {
        Map<String, DomainLimit> limits = new HashMap<>();
        for (String entry : domainLimits) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("breachnotify.notifier.email.domain-limits: '" + entry
                        + "' is not <domain>=<mails per second>/<at once>");
            }
            limits.put(
                    entry.substring(0, equals).strip().toLowerCase(java.util.Locale.ROOT),
                    DomainLimit.parse(entry.substring(equals + 1), "breachnotify.notifier.email.domain-limits"));
        }
        return limits;
    }

    public String getDefaultDomainLimit() {
        return defaultDomainLimit;
    }

    public void setDefaultDomainLimit(String defaultDomainLimit) {
        this.defaultDomainLimit = defaultDomainLimit;
    }

    public List<String> getDomainLimits() {
        return domainLimits;
    }

    public void setDomainLimits(List<String> domainLimits) {
        this.domainLimits = List.copyOf(domainLimits);
    }

    public int getSenders() {
        return senders;
    }

    public void setSenders(int senders) {
        this.senders = senders;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getRetryDeadline() {
        return retryDeadline;
    }

    public void setRetryDeadline(Duration retryDeadline) {
        this.retryDeadline = retryDeadline;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getRetryMaxBackoff() {
        return retryMaxBackoff;
    }

    public void setRetryMaxBackoff(Duration retryMaxBackoff) {
        this.retryMaxBackoff = retryMaxBackoff;
    }

    public Duration getRetryPollInterval() {
        return retryPollInterval;
    }

    public void setRetryPollInterval(Duration retryPollInterval) {
        this.retryPollInterval = retryPollInterval;
    }

    public int getRetryBatchSize() {
        return retryBatchSize;
    }

    public void setRetryBatchSize(int retryBatchSize) {
        this.retryBatchSize = retryBatchSize;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }
}
