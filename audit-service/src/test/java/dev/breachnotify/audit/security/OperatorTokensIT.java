package dev.breachnotify.audit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.breachnotify.audit.AuditTestProperties;
import dev.breachnotify.embedded.EmbeddedIdentityProvider;
import dev.breachnotify.platform.security.Roles;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * audit-service accepts the identity provider's access tokens (a real OpenID Connect provider in this JVM) and
 * nothing that merely looks like one: a wrong audience, an expired token, a token signed by another key under
 * the provider's key id are refused with 401; a person whose groups map to no role gets 403. HTTP Basic is
 * switched off here, so the configured machine account is refused too. The actor of an export is the person
 * from the token: name and subject. When the provider rotates its key, the new key is fetched from its JWKS (here
 * cached for a second; by default a minute) and tokens signed by the old key are refused.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorTokensIT implements TestPropertyProvider {

    private static final String HEAD = "/api/audit/head";
    private EmbeddedIdentityProvider provider = EmbeddedIdentityProvider.start(0);
    private final String subject = "dpo-" + UUID.randomUUID();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = AuditTestProperties.of("audit_oidc");
        properties.put("breachnotify.audit.data-dir", "target/audit-oidc-" + UUID.randomUUID());
        properties.put("micronaut.security.token.jwt.signatures.jwks.operators.url", provider.jwksUrl());
        properties.put("micronaut.security.token.jwt.signatures.jwks.operators.cache-expiration", "1");
        properties.put("micronaut.security.token.jwt.claims-validators.issuer", provider.issuer());
        properties.put("micronaut.security.token.jwt.claims-validators.audience", EmbeddedIdentityProvider.AUDIENCE);
        properties.put("breachnotify.security.oidc.roles-claim", "groups");
        properties.put("breachnotify.security.oidc.role-mapping", "bn-dpo=" + Roles.DPO);
        properties.put("breachnotify.security.basic.enabled", "false");
        AuditTestProperties.user(properties, "machine", "machine-password", Roles.DPO);
        return properties;
    }

    @AfterAll
    void stopProvider() {
        provider.close();
    }

    @Test
    void aTokenOfAMappedGroupOpensTheApi() {
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(dpoToken(Duration.ofMinutes(5)))))
                .isEqualTo(200);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = provider.accessToken(
                subject, Map.of("groups", List.of("bn-dpo")), "another-api", Duration.ofMinutes(5));
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(token))).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(dpoToken(Duration.ofMinutes(-5)))))
                .isEqualTo(401);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        String token = provider.accessTokenSignedByAnotherKey(subject, Map.of("groups", List.of("bn-dpo")));
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(token))).isEqualTo(401);
    }

    @Test
    void aPersonWithoutAMappedGroupIsForbidden() {
        String token = provider.accessToken(
                subject,
                Map.of("groups", List.of("sales", "DPO")),
                EmbeddedIdentityProvider.AUDIENCE,
                Duration.ofMinutes(5));
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(token))).isEqualTo(403);
    }

    @Test
    void basicIsRefusedWhenSwitchedOff() {
        assertThat(status(HttpRequest.GET(HEAD).basicAuth("machine", "machine-password")))
                .isEqualTo(401);
    }

    @Test
    void afterTheProviderRotatesItsKeyNewTokensAreAcceptedAndTokensOfTheOldKeyNoLonger() {
        String before = dpoToken(Duration.ofMinutes(5));
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(before))).isEqualTo(200);
        int port = java.net.URI.create(provider.issuer()).getPort();
        provider.close();
        provider = EmbeddedIdentityProvider.start(port); // same issuer, same key id, a new key

        String after = dpoToken(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(status(HttpRequest.GET(HEAD).bearerAuth(after)))
                        .isEqualTo(200));
        assertThat(status(HttpRequest.GET(HEAD).bearerAuth(before))).isEqualTo(401);
    }

    @Test
    void anExportNamesThePersonFromTheToken() {
        String token = dpoToken(Duration.ofMinutes(5));
        assertThat(status(HttpRequest.GET("/api/audit/export.csv?all=true").bearerAuth(token)))
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(http.toBlocking()
                                .retrieve(HttpRequest.GET("/api/audit/export.csv?all=true")
                                        .bearerAuth(token)))
                        .contains("Dana Protect [" + subject + "]"));
    }

    private String dpoToken(Duration lifetime) {
        return provider.accessToken(
                subject,
                Map.of("groups", List.of("bn-dpo"), "name", "Dana Protect"),
                EmbeddedIdentityProvider.AUDIENCE,
                lifetime);
    }

    private int status(HttpRequest<?> request) {
        try {
            HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
            return response.code();
        } catch (HttpClientResponseException e) {
            return e.getStatus().getCode();
        }
    }
}
