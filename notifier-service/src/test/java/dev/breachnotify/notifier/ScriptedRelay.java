package dev.breachnotify.notifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mail relay whose answer the test decides: it accepts mail, or answers {@code MAIL FROM} with the reply set
 * by {@link #refuseWith} (e.g. {@code 421 4.7.0 try again later}, after which it closes the connection as RFC 5321
 * says). Keeps the Message-ID of every accepted mail. GreenMail cannot be told to defer.
 */
final class ScriptedRelay implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scripted-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<String> refusal = new AtomicReference<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger mailsFrom = new AtomicInteger();
    private volatile int deferOneIn;
    private final List<String> recipients = new CopyOnWriteArrayList<>();

    ScriptedRelay() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connections.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, refuse every mail with this reply; {@code null} to accept again. */
    void refuseWith(String reply) {
        refusal.set(reply);
    }

    /** From now on, defer one mail in {@code n} with a 451 (the others are accepted); 0 to stop. */
    void deferOneIn(int n) {
        deferOneIn = n;
    }

    /** The Message-IDs of the mails accepted so far, in order (a re-sent mail appears twice). */
    List<String> acceptedMessageIds() {
        return List.copyOf(accepted);
    }

    /** The {@code RCPT TO} paths received so far, as sent (it offers no SMTPUTF8: they should be ASCII). */
    List<String> recipients() {
        return List.copyOf(recipients);
    }

    int refusals() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> converse(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 scripted-relay ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250-scripted-relay\r\n250 8BITMIME");
                } else if (command.startsWith("MAIL FROM")) {
                    int every = deferOneIn;
                    String refusing = refusal.get() != null
                            ? refusal.get()
                            : every > 0 && mailsFrom.incrementAndGet() % every == 0
                                    ? "451 4.7.1 Greylisted, please try again"
                                    : null;
                    if (refusing != null) {
                        refused.incrementAndGet();
                        reply(out, refusing);
                        if (refusing.startsWith("421")) {
                            return;
                        }
                    } else {
                        reply(out, "250 2.1.0 Ok");
                    }
                } else if (command.startsWith("RCPT TO")) {
                    recipients.add(line.substring(line.indexOf(':') + 1).strip());
                    reply(out, "250 2.1.5 Ok");
                } else if (command.startsWith("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    String messageId = null;
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        if (messageId == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                            messageId = data.substring(11).strip();
                        }
                    }
                    accepted.add(messageId);
                    reply(out, "250 2.0.0 Ok: queued");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "250 2.0.0 Ok");
                }
            }
        } catch (IOException dropped) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdownNow();
    }
}
