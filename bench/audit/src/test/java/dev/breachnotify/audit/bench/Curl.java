package dev.breachnotify.audit.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Downloads with curl, as a user does; the credentials go in on standard input, not on the command line. */
final class Curl {

    private Curl() {}

    static boolean available() {
        try {
            return new ProcessBuilder("curl", "--version")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the HTTP status; the body is in {@code file} */
    static int download(URI uri, String user, String password, Path file) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder(
                        "curl", "-sS", "-K", "-", "-o", file.toString(), "-w", "%{http_code}", uri.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream config = curl.getOutputStream()) {
            config.write(("user = \"" + user + ":" + password + "\"\n").getBytes(StandardCharsets.UTF_8));
        }
        String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (curl.waitFor() != 0) {
            throw new IOException("curl failed with exit code " + curl.exitValue() + " for " + uri);
        }
        return Integer.parseInt(status);
    }
}
