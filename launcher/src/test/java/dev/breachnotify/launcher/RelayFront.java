package dev.breachnotify.launcher;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mail relay that fails on command, in front of a real SMTP server (the mail catcher): in {@link Mode#RELAY} it
 * passes every SMTP line through; in {@link Mode#REFUSE} nothing listens on its port (connections are refused)
 * and the open connections are cut; in {@link Mode#DEFER_A_THIRD} every third mail is answered
 * {@code 421} at {@code RCPT TO} (and the connection closed, as RFC 5321 says) or {@code 451} at {@code DATA},
 * alternately, and the others are relayed. A deferred mail never reaches the server behind.
 */
final class RelayFront implements AutoCloseable {

    /** What the relay does. */
    enum Mode {
        RELAY,
        REFUSE,
        DEFER_A_THIRD
    }

    private final int port;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "relay-front");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mails = new AtomicInteger();
    private final AtomicInteger deferred421 = new AtomicInteger();
    private final AtomicInteger deferred451 = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private volatile Mode mode;
    private ServerSocket server; // guarded by this; null while refusing

    RelayFront(int port, int upstreamPort) {
        this.port = port;
        this.upstreamPort = upstreamPort;
        mode(Mode.RELAY);
    }

    int port() {
        return port;
    }

    /** Switches the behaviour; to {@link Mode#REFUSE} closes the port and cuts every open connection. */
    synchronized void mode(Mode next) {
        mode = next;
        if (next == Mode.REFUSE) {
            closeQuietly(server);
            server = null;
            for (Socket socket : open) {
                closeQuietly(socket);
                cut.incrementAndGet();
            }
        } else if (server == null) {
            try {
                ServerSocket listening = new ServerSocket();
                listening.setReuseAddress(true);
                listening.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                server = listening;
                threads.execute(() -> acceptLoop(listening));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port, e);
            }
        }
    }

    /** @return mails answered 421 at RCPT TO, and 451 at DATA */
    int deferred421() {
        return deferred421.get();
    }

    int deferred451() {
        return deferred451.get();
    }

    /** @return connections cut when the relay went away */
    int cut() {
        return cut.get();
    }

    private void acceptLoop(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                open.add(client);
                threads.execute(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            open.add(upstream);
            InputStream fromClient = new BufferedInputStream(client.getInputStream());
            OutputStream toClient = new BufferedOutputStream(client.getOutputStream());
            InputStream fromUpstream = new BufferedInputStream(upstream.getInputStream());
            OutputStream toUpstream = new BufferedOutputStream(upstream.getOutputStream());
            toClient.write(reply(fromUpstream));
            toClient.flush();
            int mail = 0;
            byte[] line;
            while ((line = readLine(fromClient)) != null) {
                String command = new String(line, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
                if (command.startsWith("MAIL FROM")) {
                    mail = mails.incrementAndGet();
                }
                boolean deferThis = mode == Mode.DEFER_A_THIRD && mail % 3 == 0;
                if (deferThis && (mail / 3) % 2 == 1 && command.startsWith("RCPT TO")) {
                    deferred421.incrementAndGet();
                    toClient.write("421 4.3.2 Service not available, closing transmission channel\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                    return;
                }
                if (deferThis && (mail / 3) % 2 == 0 && command.startsWith("DATA")) {
                    deferred451.incrementAndGet();
                    // the transaction ends here: the server behind forgets its MAIL FROM and RCPT TO too
                    toUpstream.write("RSET\r\n".getBytes(StandardCharsets.US_ASCII));
                    toUpstream.flush();
                    reply(fromUpstream);
                    toClient.write("451 4.3.0 Local error in processing, try again later\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    toClient.flush();
                    continue;
                }
                toUpstream.write(line);
                toUpstream.flush();
                byte[] answer = reply(fromUpstream);
                toClient.write(answer);
                toClient.flush();
                if (command.startsWith("DATA") && answer.length > 0 && answer[0] == '3') {
                    byte[] content;
                    do {
                        content = readLine(fromClient);
                        if (content == null) {
                            return;
                        }
                        toUpstream.write(content);
                    } while (!isEndOfData(content));
                    toUpstream.flush();
                    toClient.write(reply(fromUpstream));
                    toClient.flush();
                } else if (command.startsWith("QUIT")) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the client or the relay went away: the connection ends here
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private static boolean isEndOfData(byte[] line) {
        return line.length >= 1 && line[0] == '.' && (line.length == 1 || line[1] == '\r' || line[1] == '\n');
    }

    /** One SMTP reply, all its lines ({@code 250-...} continues, {@code 250 ...} ends). */
    private static byte[] reply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] line;
        do {
            line = readLine(in);
            if (line == null) {
                throw new IOException("the relay behind closed the connection");
            }
            reply.write(line);
        } while (line.length > 3 && line[3] == '-');
        return reply.toByteArray();
    }

    /** A line with its line ending, or {@code null} at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public synchronized void close() {
        mode(Mode.REFUSE);
        threads.shutdownNow();
    }
}
