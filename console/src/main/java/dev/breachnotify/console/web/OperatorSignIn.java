package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.session.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.oauth2.endpoint.authorization.state.State;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdClaims;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdTokenResponse;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What a sign-in at the identity provider makes of the operator (the provider is configured as {@code idp}).
 * The console keeps no users and no role mapping of its own: it asks the services which of their APIs the
 * provider's access token opens (a cheap authenticated GET each), so roles are mapped in one place, the
 * services' {@code breachnotify.security.oidc.roles}. A token that opens none is refused here.
 */
@Singleton
@Named("idp")
public class OperatorSignIn implements OpenIdAuthenticationMapper {

    private final ServiceClient services;

    public OperatorSignIn(ServiceClient services) {
        this.services = services;
    }

    @Override
    public Publisher<AuthenticationResponse> createAuthenticationResponse(
            String providerName, OpenIdTokenResponse tokenResponse, OpenIdClaims claims, @Nullable State state) {
        return Mono.fromCallable(() -> signIn(tokenResponse.getAccessToken(), claims))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private AuthenticationResponse signIn(String accessToken, OpenIdClaims claims) {
        String user = actor(claims.getSubject(), claims.getName());
        String authorization = "Bearer " + accessToken;
        List<String> roles = new ArrayList<>();
        int notifier = services.probe(Service.NOTIFIER, "/api/advisories?limit=1", authorization);
        if (notifier == 200) {
            roles.add(Role.COMMUNICATIONS.name());
        }
        int audit = services.probe(Service.AUDIT, "/api/audit/head", authorization);
        if (audit == 200) {
            roles.add(Role.DPO.name());
        }
        if (roles.isEmpty()) {
            Pages.action(user, "sign-in-refused", "notifier=" + notifier + " audit=" + audit);
            return AuthenticationResponse.failure(AuthenticationFailureReason.USER_DISABLED);
        }
        Pages.action(user, "sign-in", roles);
        return AuthenticationResponse.success(
                user,
                roles,
                Map.of(
                        OperatorClaims.SUBJECT,
                        claims.getSubject(),
                        OperatorClaims.ACCESS_TOKEN,
                        accessToken,
                        OperatorClaims.SESSION_ID,
                        UUID.randomUUID().toString()));
    }

    /**
     * The operator as the services name the actor: {@code "Erika Muster [subject]"}, or the subject alone; the
     * same rule as platform's {@code OperatorAuthenticationFactory.actor}, which the console does not depend on.
     */
    static String actor(String subject, @Nullable String name) {
        String clean =
                name == null ? "" : name.replaceAll("[\\p{Cntrl}\\[\\]]", "").strip();
        return clean.isEmpty() || clean.equals(subject) ? subject : clean + " [" + subject + "]";
    }
}
