package dev.breachnotify.platform.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Sensitive management endpoints ({@code /prometheus}, health details beyond the status, and any other endpoint
 * marked sensitive) are for administrators only, in every service. Micronaut Security refuses them all until an
 * application says who may see them; this is that decision, made once for the three services.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class AdminOnlySensitiveEndpoints extends SensitiveEndpointRule {

    public AdminOnlySensitiveEndpoints(EndpointSensitivityProcessor endpointSensitivityProcessor) {
        super(endpointSensitivityProcessor);
    }

    @Override
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(
            HttpRequest<?> request, Authentication authentication, ExecutableMethod<?, ?> method) {
        return Publishers.just(
                authentication.getRoles().contains(Roles.ADMIN)
                        ? SecurityRuleResult.ALLOWED
                        : SecurityRuleResult.REJECTED);
    }
}
