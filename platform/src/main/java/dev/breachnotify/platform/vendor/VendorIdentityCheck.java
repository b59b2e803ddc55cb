package dev.breachnotify.platform.vendor;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;

/**
 * Refuses to start a service that speaks to practices (notifier-service, ack-service: they set
 * {@code breachnotify.vendor.check: true}) while the vendor's identity is incomplete or malformed; the message
 * names every missing key.
 */
@Context
@Requires(property = "breachnotify.vendor.check", value = "true")
public class VendorIdentityCheck {

    public VendorIdentityCheck(VendorSettings settings) {
        String problem = settings.identity().problem();
        if (problem != null) {
            throw new ConfigurationException(problem + " (see docs/production.md, \"The vendor's identity\")");
        }
    }
}
