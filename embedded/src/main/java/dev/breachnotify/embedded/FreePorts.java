package dev.breachnotify.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks TCP ports for servers that must be told their port before they bind it (PostgreSQL, the Kafka listeners).
 *
 * <p>Asking the kernel for a free port ({@code new ServerSocket(0)}) and closing it races: the kernel hands out
 * the same ephemeral range to every outgoing connection and to the next port-0 bind, so between the check and the
 * server's bind another server (Kafka starting in parallel with PostgreSQL, say) or a client connection can take
 * it, and the test then talks to the wrong server. This class picks from {@value #LOW}–{@value #HIGH}, below
 * Linux's default ephemeral range (32768–60999), which the kernel never assigns on its own; it checks that the
 * port is bindable on every address and never hands out the same port twice in one JVM.
 */
public final class FreePorts {

    static final int LOW = 20_000;
    static final int HIGH = 32_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /**
     * @return a port no other server listens on now and that this JVM has not handed out before
     * @throws IllegalStateException when none is found after a few hundred tries
     */
    public static int next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate = random.nextInt(LOW, HIGH);
            if (isBindable(candidate) && HANDED_OUT.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "No free TCP port between " + LOW + " and " + HIGH + " after " + ATTEMPTS + " tries");
    }

    /** @return whether a server could bind {@code port} on the wildcard address (so on no address is it taken) */
    static boolean isBindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
