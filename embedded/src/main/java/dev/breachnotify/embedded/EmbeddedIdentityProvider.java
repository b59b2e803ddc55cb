package dev.breachnotify.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID Connect provider on 127.0.0.1 (NAV's mock-oauth2-server from Maven Central): discovery, JWKS,
 * authorization code with PKCE, token endpoint, with an interactive sign-in page. Its sign-in page accepts any
 * user name without a password: it is for trying the product on one's own machine and for tests, never for
 * production. Every access token it issues names {@link #AUDIENCE} as audience.
 */
public final class EmbeddedIdentityProvider implements AutoCloseable {

    /** The issuer's path segment: the issuer is {@code http://127.0.0.1:<port>/breachnotify}. */
    public static final String ISSUER_ID = "breachnotify";
    /** The audience of the access tokens, which the services require. */
    public static final String AUDIENCE = "breach-notify";
    /** The console's client id (the provider accepts any client secret). */
    public static final String CONSOLE_CLIENT_ID = "breach-notify-console";

    private final MockOAuth2Server server;

    private EmbeddedIdentityProvider(MockOAuth2Server server) {
        this.server = server;
    }

    /**
     * Starts the provider.
     *
     * @param port the port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedIdentityProvider start(int port) {
        OAuth2TokenCallback tokens = new DefaultOAuth2TokenCallback(
                ISSUER_ID,
                "unknown",
                "JWT",
                List.of(AUDIENCE),
                Map.of(),
                Duration.ofHours(1).toSeconds());
        // fresh keys at every start: the library's default keys ship in its jar, so anyone could sign with them
        OAuth2TokenProvider signer = new OAuth2TokenProvider(new KeyProvider(List.of()));
        OAuth2Config config = new OAuth2Config(true, null, null, false, signer, Set.of(tokens));
        MockOAuth2Server server = new MockOAuth2Server(config);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port == 0 ? FreePorts.next() : port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return new EmbeddedIdentityProvider(server);
    }

    /** The issuer URL, also the base of {@code /.well-known/openid-configuration}. */
    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    public String jwksUrl() {
        return server.jwksUrl(ISSUER_ID).toString();
    }

    public String tokenEndpoint() {
        return server.tokenEndpointUrl(ISSUER_ID).toString();
    }

    /**
     * An access token as the provider issues it after a sign-in, for tests and scripts.
     *
     * @param subject  the user's subject
     * @param claims   further claims (e.g. {@code groups}, {@code name})
     * @param audience the audience
     * @param lifetime how long it is valid; negative for one that has already expired
     */
    public String accessToken(String subject, Map<String, Object> claims, String audience, Duration lifetime) {
        Map<String, Object> all = new HashMap<>(claims);
        SignedJWT token = server.issueToken(
                ISSUER_ID,
                CONSOLE_CLIENT_ID,
                new DefaultOAuth2TokenCallback(
                        ISSUER_ID, subject, "JWT", List.of(audience), all, lifetime.toSeconds()));
        return token.serialize();
    }

    /**
     * An access token for the right issuer and audience, with the key id of the provider's published key, but
     * signed by another RSA key: only the signature check can refuse it.
     */
    public String accessTokenSignedByAnotherKey(String subject, Map<String, Object> claims) {
        try {
            String keyId = server.getConfig()
                    .getTokenProvider()
                    .publicJwkSet(ISSUER_ID)
                    .getKeys()
                    .get(0)
                    .getKeyID();
            RSAKey foreign = new RSAKeyGenerator(2048).keyID(keyId).generate();
            JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                    .issuer(issuer())
                    .subject(subject)
                    .audience(AUDIENCE)
                    .issueTime(new Date())
                    .notBeforeTime(new Date())
                    .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
            claims.forEach(body::claim);
            SignedJWT token = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(keyId)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    body.build());
            token.sign(new RSASSASigner(foreign));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
