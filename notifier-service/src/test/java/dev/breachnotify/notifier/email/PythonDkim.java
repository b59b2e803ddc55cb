package dev.breachnotify.notifier.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code python3-dkim} (with {@code python3-nacl} for Ed25519) as the independent DKIM verifier of the
 * tests: one Python process checks every signature of a batch of mails, with the DNS TXT records given directly.
 */
public final class PythonDkim {

    static final String PYTHON = "/usr/bin/python3";

    private PythonDkim() {}

    /** Why the verifier cannot run here, or {@code null} when it can. */
    public static String unavailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " is missing: install Debian's python3-dkim and python3-nacl (as .ci/run does)";
        }
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return PYTHON + " cannot import dkim and nacl: install Debian's python3-dkim and python3-nacl (as"
                        + " .ci/run does): " + output.strip();
            }
            return null;
        } catch (IOException e) {
            return "cannot run " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The result of one run: the failed signatures, and how many signatures and mails were checked. */
    public record Result(List<String> failures, int signatures, int mails) {}

    /** Verifies every signature of every mail; {@code records} maps {@code <selector>._domainkey.<domain>}. */
    public static Result verify(Path workDir, List<Path> mails, Map<String, String> records) {
        try {
            Path script = workDir.resolve("verify.py");
            try (var in = PythonDkim.class.getResourceAsStream("/dkim/verify.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path recordFile = workDir.resolve("records.txt");
            List<String> lines = new ArrayList<>();
            records.forEach((name, value) -> lines.add(name + " " + value));
            Files.write(recordFile, lines, StandardCharsets.US_ASCII);
            Path list = workDir.resolve("mails.txt");
            Files.write(list, mails.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(PYTHON, script.toString(), recordFile.toString(), list.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("python3-dkim failed: " + output);
            }
            List<String> failures =
                    output.lines().filter(line -> line.startsWith("FAIL ")).toList();
            String[] checked = output.lines()
                    .filter(line -> line.startsWith("CHECKED "))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no summary from python3-dkim: " + output))
                    .split(" ");
            return new Result(failures, Integer.parseInt(checked[1]), Integer.parseInt(checked[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TXT record value of a public key: RSA as SubjectPublicKeyInfo, Ed25519 as the raw 32 bytes. */
    public static String txtRecord(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (key.getAlgorithm().equals("RSA")) {
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(encoded);
        }
        return "v=DKIM1; k=ed25519; p="
                + Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }
}
