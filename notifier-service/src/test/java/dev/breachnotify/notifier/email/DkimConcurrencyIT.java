package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.notifier.template.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mails as they go to the relay, composed and signed by one {@link SmtpMailer} from many threads at once,
 * every signature (rsa-sha256 and ed25519-sha256) checked by an independent verifier, Debian's python3-dkim.
 */
class DkimConcurrencyIT {

    private static final int MAILS = 10_000;
    private static final int THREADS = 16;
    private static final KeyPair RSA = PythonDkim.generate("RSA", 2048);
    private static final KeyPair ED25519 = PythonDkim.generate("Ed25519", 0);
    private static final Map<String, String> RECORDS = Map.of(
            "breachnotify._domainkey.vendor.example", PythonDkim.txtRecord(RSA.getPublic()),
            "breachnotify-ed25519._domainkey.vendor.example", PythonDkim.txtRecord(ED25519.getPublic()));

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsTheVerifier() {
        String missing = PythonDkim.unavailable();
        Assumptions.assumeTrue(missing == null, "skipped: " + missing);
    }

    @Test
    void everyMailSignedConcurrentlyVerifiesIndependently() throws Exception {
        SmtpMailer mailer = mailer();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Path>>> written = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                written.add(threads.submit(() -> {
                    start.await();
                    List<Path> files = new ArrayList<>();
                    for (int i = thread; i < MAILS; i += THREADS) {
                        files.add(write(mailer.compose(mail(i)), "m" + i));
                    }
                    return files;
                }));
            }
            long started = System.nanoTime();
            start.countDown();
            List<Path> mails = new ArrayList<>(MAILS);
            for (Future<List<Path>> future : written) {
                mails.addAll(future.get());
            }
            long signed = System.nanoTime();

            PythonDkim.Result result = PythonDkim.verify(dir, mails, RECORDS);
            System.out.printf(
                    "%d mails composed and signed (rsa-sha256 + ed25519-sha256) on %d threads in %.1f s;"
                            + " python3-dkim checked %d signatures in %.1f s, %d failed%n",
                    MAILS,
                    THREADS,
                    (signed - started) / 1e9,
                    result.signatures(),
                    (System.nanoTime() - signed) / 1e9,
                    result.failures().size());

            assertThat(result.failures()).as("signatures python3-dkim rejects").isEmpty();
            assertThat(result.mails()).isEqualTo(MAILS);
            assertThat(result.signatures()).isEqualTo(2 * MAILS);
        } finally {
            threads.shutdownNow();
            mailer.closeAll();
        }
    }

    @Test
    void signatureCoversTheHeadersThatMatterAndBreaksWhenOneIsAdded() throws Exception {
        SmtpMailer mailer = mailer();
        byte[] signed = bytes(mailer.compose(mail(7)));
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        String headers = text.substring(0, text.indexOf("\r\n\r\n"));
        assertThat(headers.replace("\r\n\t", " "))
                .contains(
                        "a=rsa-sha256",
                        "a=ed25519-sha256",
                        "c=relaxed/relaxed",
                        "d=vendor.example",
                        "h=From:From:Reply-To:Subject:Subject:Date:To:Cc:Message-ID:MIME-Version:Content-Type;");

        List<Path> mails = new ArrayList<>();
        mails.add(Files.write(dir.resolve("intact.eml"), signed));
        Map<String, String> added = Map.of(
                "from-top", "From: Sicherheitsteam <security@attacker.example>\r\n",
                "subject-top", "Subject: Dringend: neues Passwort hier eingeben\r\n",
                "reply-to", "Reply-To: support@attacker.example\r\n",
                "cc", "Cc: someone@attacker.example\r\n");
        added.forEach((name, header) -> mails.add(write(dir.resolve(name + ".eml"), header + text)));
        String end = "\r\n\r\n";
        int bodyAt = text.indexOf(end);
        mails.add(write(
                dir.resolve("from-bottom.eml"),
                text.substring(0, bodyAt) + "\r\nFrom: Sicherheitsteam <security@attacker.example>"
                        + text.substring(bodyAt)));
        mails.add(write(
                dir.resolve("subject-bottom.eml"),
                text.substring(0, bodyAt) + "\r\nSubject: Dringend" + text.substring(bodyAt)));

        PythonDkim.Result result = PythonDkim.verify(dir, mails, RECORDS);

        assertThat(result.failures()).noneMatch(failure -> failure.contains("intact.eml"));
        for (String name : List.of("from-top", "subject-top", "reply-to", "cc", "from-bottom", "subject-bottom")) {
            assertThat(result.failures())
                    .as(name)
                    .filteredOn(failure -> failure.contains(name + ".eml"))
                    .hasSize(2);
        }
        mailer.closeAll();
    }

    private static SmtpMailer mailer() {
        SmtpSettings smtp = new SmtpSettings();
        smtp.setFrom("Sicherheitshinweis <security-notice@vendor.example>");
        DkimSettings settings = new DkimSettings();
        settings.setPrivateKey(
                Base64.getEncoder().encodeToString(RSA.getPrivate().getEncoded()));
        settings.setEd25519PrivateKey(
                Base64.getEncoder().encodeToString(ED25519.getPrivate().getEncoded()));
        return new SmtpMailer(smtp, new DkimSigning(settings, smtp, Clock.systemUTC()));
    }

    /** Mails that differ in every part: recipient, subject, line lengths, trailing white space, umlauts. */
    private static OutgoingMail mail(int i) {
        String text = "Sehr geehrte Praxis " + i + ",  \n\nbitte ändern Sie Ihre Passwörter.\t \n"
                + "Zeile mit  doppelten   Leerzeichen\n".repeat(i % 7) + "x".repeat(i % 300) + "\n\n\n";
        String html = "<p>Sehr geehrte Praxis " + i + "</p>\n<p>" + "ä ".repeat(i % 50) + "</p>\n";
        return new OutgoingMail(
                UUID.randomUUID(),
                List.of("praxis" + i + "@example.org"),
                "de",
                new RenderedMail("Sicherheitshinweis Nr. " + i + ": bitte Passwörter ändern", text, html));
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static Path write(MimeMessage message, String name) throws Exception {
        return Files.write(dir.resolve(name + ".eml"), bytes(message));
    }

    private static Path write(Path file, String text) {
        try {
            return Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
