package dev.breachnotify.platform.security.oidc;

import com.nimbusds.jwt.JWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a validated access token of the identity provider (signature, issuer, audience and expiry already checked
 * by Micronaut Security) into an operator: roles from {@link OidcRoleMapping}, and a name that every audited
 * action records as its actor, made of the token's subject and the person's name ({@link #actor}).
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
public class OperatorAuthenticationFactory implements JwtAuthenticationFactory {

    private final OidcRoleMapping mapping;

    public OperatorAuthenticationFactory(OidcRoleMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public Optional<Authentication> createAuthentication(JWT token) {
        try {
            Map<String, Object> claims = token.getJWTClaimsSet().getClaims();
            Object subject = claims.get("sub");
            if (subject == null || subject.toString().isBlank()) {
                return Optional.empty();
            }
            Object name = claims.get(mapping.getNameClaim());
            return Optional.of(Authentication.build(
                    actor(subject.toString(), name == null ? null : name.toString()), mapping.rolesOf(claims), claims));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The actor of an operator's actions: {@code "Erika Muster [5f2c…]"} (name, then subject), or the subject
     * alone without a name. The subject is what identifies the person at the provider; the name is what a reader of the audit
     * log recognises. Machine accounts signing in with HTTP Basic keep their plain user name.
     */
    public static String actor(String subject, String name) {
        String clean =
                name == null ? "" : name.replaceAll("[\\p{Cntrl}\\[\\]]", "").strip();
        return clean.isEmpty() || clean.equals(subject) ? subject : clean + " [" + subject + "]";
    }
}
