package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * breachctl's sign-in: the device authorization grant (RFC 8628) against a provider's HTTP endpoints, played
 * here by a small server that answers as the RFC describes (mock-oauth2-server 2.1.10, which the other tests
 * use, has no device endpoint); the token from the environment before Basic; the saved token until it expires.
 */
class LoginTest {

    private final Deque<String> tokenAnswers = new ArrayDeque<>();
    private final List<String> tokenRequests = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private HttpServer provider;
    private String issuer;

    @BeforeEach
    void start() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realm";
        provider.createContext(
                "/realm/.well-known/openid-configuration",
                exchange -> answer(
                        exchange,
                        200,
                        "{\"issuer\":\"" + issuer + "\",\"device_authorization_endpoint\":\"" + issuer + "/device\","
                                + "\"token_endpoint\":\"" + issuer + "/token\"}"));
        provider.createContext(
                "/realm/device",
                exchange -> answer(
                        exchange,
                        200,
                        "{\"device_code\":\"dc-1\","
                                + "\"user_code\":\"WDJB-MJHT\",\"verification_uri\":\"" + issuer + "/activate\","
                                + "\"expires_in\":600,\"interval\":5}"));
        provider.createContext("/realm/token", exchange -> {
            tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String next = tokenAnswers.isEmpty() ? "400 {\"error\":\"authorization_pending\"}" : tokenAnswers.poll();
            answer(exchange, Integer.parseInt(next.substring(0, 3)), next.substring(4));
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    @Test
    void theDeviceFlowPollsAtTheProvidersPaceUntilThePersonHasSignedIn() {
        tokenAnswers.add("400 {\"error\":\"authorization_pending\"}");
        tokenAnswers.add("400 {\"error\":\"slow_down\"}");
        tokenAnswers.add("200 {\"access_token\":\"at-123\",\"token_type\":\"Bearer\",\"expires_in\":1800}");
        DeviceAuthorization device = new DeviceAuthorization(waits::add);

        DeviceAuthorization.Endpoints endpoints = device.discover(issuer);
        DeviceAuthorization.Started started = device.start(endpoints, "breachctl", "openid profile");
        DeviceAuthorization.Token token = device.await(endpoints, "breachctl", started);

        assertThat(started.userCode()).isEqualTo("WDJB-MJHT");
        assertThat(token).isEqualTo(new DeviceAuthorization.Token("at-123", 1800));
        assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(tokenRequests)
                .hasSize(3)
                .allSatisfy(body -> assertThat(body)
                        .contains(
                                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code",
                                "device_code=dc-1", "client_id=breachctl"));
    }

    @Test
    void aRefusedOrExpiredSignInEndsWithTheCredentialsExitCode() {
        DeviceAuthorization device = new DeviceAuthorization(waits::add);
        DeviceAuthorization.Endpoints endpoints = device.discover(issuer);
        tokenAnswers.add("400 {\"error\":\"access_denied\"}");
        assertThatThrownBy(() -> device.await(endpoints, "breachctl", device.start(endpoints, "breachctl", "openid")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("refused")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(CliException.AUTH));
        tokenAnswers.add("400 {\"error\":\"expired_token\"}");
        assertThatThrownBy(() -> device.await(endpoints, "breachctl", device.start(endpoints, "breachctl", "openid")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aProviderWithoutDeviceAuthorizationIsNamed() throws IOException {
        provider.createContext(
                "/plain/.well-known/openid-configuration",
                exchange -> answer(exchange, 200, "{\"token_endpoint\":\"x\"}"));
        String plain = issuer.replace("/realm", "/plain");

        assertThatThrownBy(() -> new DeviceAuthorization(waits::add).discover(plain))
                .hasMessageContaining("offers no device authorization")
                .hasMessageContaining("BN_TOKEN");
    }

    @Test
    void aTokenFromTheEnvironmentComesBeforeBasicAndTheSavedTokenUntilItExpires(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        SavedToken saved = new SavedToken(dir.resolve("token"), Clock.fixed(now, ZoneOffset.UTC));
        saved.write("saved-token", 1800);

        assertThat(Files.getPosixFilePermissions(dir.resolve("token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Credentials.resolve(
                                null,
                                null,
                                null,
                                "COMMS",
                                Map.of("BN_TOKEN", "env-token", "BN_USER", "u", "BN_PASSWORD", "p"),
                                null,
                                saved)
                        .authorization())
                .isEqualTo("Bearer env-token");
        assertThat(Credentials.resolve(
                                null, null, null, "COMMS", Map.of("BN_USER", "u", "BN_PASSWORD", "p"), null, saved)
                        .authorization())
                .startsWith("Basic ");
        assertThat(Credentials.resolve(null, null, null, "COMMS", Map.of(), null, saved)
                        .authorization())
                .isEqualTo("Bearer saved-token");
        SavedToken later = new SavedToken(dir.resolve("token"), Clock.fixed(now.plusSeconds(1790), ZoneOffset.UTC));
        assertThatThrownBy(() -> Credentials.resolve(null, null, null, "COMMS", Map.of(), null, later))
                .hasMessageContaining("breachctl login");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
