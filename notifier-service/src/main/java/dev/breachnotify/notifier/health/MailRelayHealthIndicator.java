package dev.breachnotify.notifier.health;

import dev.breachnotify.notifier.email.SmtpSettings;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the mail relay answers: a TCP connection and its {@code 220} greeting, at most every 15 s (probes come
 * every few seconds from every instance; the relay should not see a connection storm).
 *
 * <p>An unreachable relay reports {@code DEGRADED}, an operational status: the service stays ready (the
 * communications team can still import and publish; mails wait in Kafka and are retried), while the health
 * details and the log say what is wrong. Only Kafka or the database being down makes the service {@code DOWN}.
 */
@Singleton
public class MailRelayHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final HealthStatus DEGRADED =
            new HealthStatus("DEGRADED", "the mail relay does not answer; mails wait and are retried", true, null);
    private static final Duration CACHE = Duration.ofSeconds(15);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(3);

    private final SmtpSettings smtp;
    private final Clock clock;
    private volatile Probe last;

    public MailRelayHealthIndicator(SmtpSettings smtp, Clock clock) {
        this.smtp = smtp;
        this.clock = clock;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Probe probe = last;
        Instant now = clock.instant();
        if (probe == null || probe.at().plus(CACHE).isBefore(now)) {
            probe = probe(now);
            last = probe;
        }
        healthStatus = probe.problem() == null ? HealthStatus.UP : DEGRADED;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("relay", smtp.getHost() + ":" + smtp.getPort());
        details.put("checkedAt", probe.at().toString());
        if (probe.problem() != null) {
            details.put("problem", probe.problem());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "mailRelay";
    }

    private Probe probe(Instant now) {
        int timeout = (int) Math.min(smtp.getTimeout().toMillis(), MAX_TIMEOUT.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(smtp.getHost(), smtp.getPort()), timeout);
            socket.setSoTimeout(timeout);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = reader.readLine();
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (greeting == null || !greeting.startsWith("220")) {
                return new Probe(now, "unexpected greeting: " + (greeting == null ? "none" : greeting.strip()));
            }
            return new Probe(now, null);
        } catch (IOException e) {
            return new Probe(now, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private record Probe(Instant at, String problem) {}
}
