package dev.breachnotify.notifier.code;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The codes derived a second way, by Python's {@code hmac} ({@code /codes/derive.py}), so that the tests do not
 * check {@link CodeIssuer} against itself.
 */
public final class PythonCodes {

    private static final String PYTHON = "/usr/bin/python3";

    /** One code as printed, and the hash of its data characters. */
    public record Derived(String formatted, String hash) {}

    private PythonCodes() {}

    /** A request line: {@code general}, advisory, practice. */
    public static String general(String advisoryId, String practiceId) {
        return String.join("\t", "general", advisoryId, practiceId);
    }

    /** A request line: {@code contact}, advisory, practice, contact. */
    public static String contact(String advisoryId, String practiceId, String contactId) {
        return String.join("\t", "contact", advisoryId, practiceId, contactId);
    }

    /** A request line: {@code partner}, advisory, partner. */
    public static String partner(String advisoryId, String partnerId) {
        return String.join("\t", "partner", advisoryId, partnerId);
    }

    /** Derives the codes of the request lines, in their order, with the key (base64). */
    public static List<Derived> derive(String base64Key, List<String> requests) {
        try {
            Path script = Files.createTempFile("derive", ".py");
            try (var in = PythonCodes.class.getResourceAsStream("/codes/derive.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process process = new ProcessBuilder(PYTHON, script.toString(), base64Key)
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((String.join("\n", requests) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("derive.py failed: " + output);
            }
            Files.deleteIfExists(script);
            return output.lines()
                    .map(line -> line.split("\t"))
                    .map(fields -> new Derived(fields[0], fields[1]))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
