package dev.breachnotify.ack.page;

import dev.breachnotify.ack.AckSettings;
import dev.breachnotify.ack.network.ClientNetworks;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The address of the client that sent a request: the connection's peer, or, where configured
 * ({@code breachnotify.ack.client-address-header}), the address a trusted reverse proxy put in a header.
 * Micronaut's own resolver is not used because it believes {@code Forwarded} and {@code X-Forwarded-For}
 * from anyone.
 */
@Singleton
public class ClientAddresses {

    private final String header;

    public ClientAddresses(AckSettings settings) {
        String configured = settings.getClientAddressHeader();
        this.header = configured == null || configured.isBlank() ? null : configured.strip();
    }

    /** @return the client's address, or {@code null} if it is not known */
    public InetAddress of(HttpRequest<?> request) {
        if (header != null) {
            String value = request.getHeaders().get(header);
            if (value != null) {
                // In a list, the last entry is the one our own proxy appended.
                String last = value.substring(value.lastIndexOf(',') + 1);
                InetAddress fromHeader = ClientNetworks.parseLiteral(last);
                if (fromHeader != null) {
                    return fromHeader;
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? null : remote.getAddress();
    }
}
