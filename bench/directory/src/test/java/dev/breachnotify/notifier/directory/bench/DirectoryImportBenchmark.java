package dev.breachnotify.notifier.directory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.notifier.NotifierApplication;
import dev.breachnotify.platform.security.PasswordHashes;
import dev.breachnotify.testsupport.TestInfrastructure;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generates a directory of {@code bench.practices} practices (default 100,000) with {@code bench.contacts} contacts
 * (default 250,000) and {@code bench.partners} IT service partners (default 2,000), and imports it over HTTP into a
 * notifier running in this JVM with the heap the profile sets ({@code -Xmx256m}): partners, then practices with
 * partner columns, then the contacts file. Reports each import's time and the peak heap during it. Not a test: run
 * with {@code bench/directory-bench.sh}.
 */
class DirectoryImportBenchmark {

    private static final String USER = "bench";
    private static final String PASSWORD = "bench-pw";

    @Test
    void importALargeDirectory() throws Exception {
        int practices = Integer.getInteger("bench.practices", 100_000);
        int contacts = Integer.getInteger("bench.contacts", 250_000);
        int partners = Integer.getInteger("bench.partners", 2_000);
        Path dir = Files.createDirectories(Path.of("target", "bench-directory"));
        Path partnersFile = writePartners(dir.resolve("partners.csv"), partners);
        Path practicesFile = writePractices(dir.resolve("practices.csv"), practices, partners);
        Path contactsFile = writeContacts(dir.resolve("contacts.csv"), practices, contacts);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestInfrastructure infrastructure = TestInfrastructure.get();
        Map<String, Object> properties = new HashMap<>(
                infrastructure.serviceProperties("notifier_bench_directory_" + System.currentTimeMillis()));
        properties.put("micronaut.server.port", port);
        properties.put("breachnotify.notifier.smtp.host", "127.0.0.1");
        properties.put("breachnotify.notifier.smtp.port", String.valueOf(infrastructure.smtpPort()));
        properties.put(
                "breachnotify.notifier.code-key",
                Base64.getEncoder()
                        .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        properties.put(
                "breachnotify.security.users." + USER + ".password-hash", PasswordHashes.hash(PASSWORD.toCharArray()));
        properties.put("breachnotify.security.users." + USER + ".roles", "COMMUNICATIONS");
        VendorIdentity.SAMPLE.properties().forEach(properties::putIfAbsent);

        StringBuilder report = new StringBuilder(String.format(
                Locale.ROOT,
                "directory: %d practices, %d contacts, %d partners; files %.1f + %.1f + %.1f MiB; max heap %.0f MiB%n",
                practices,
                contacts,
                partners,
                Files.size(practicesFile) / 1048576.0,
                Files.size(contactsFile) / 1048576.0,
                Files.size(partnersFile) / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0));
        try (AutoCloseable notifier = NotifierApplication.start(properties)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            report.append(post(http, base + "/api/partners/import", partnersFile, "partners"));
            report.append(post(http, base + "/api/practices/import?strict=true", practicesFile, "practices"));
            report.append(post(http, base + "/api/practices/contacts/import", contactsFile, "contacts"));
            report.append(get(http, base + "/api/partners?limit=500", "GET /api/partners?limit=500"));
            report.append(get(http, base + "/api/partners/" + partnerId(0) + "?limit=500", "GET /api/partners/{id}"));
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-directory.txt"), report, StandardCharsets.UTF_8);
    }

    private static String post(HttpClient http, String url, Path file, String what) throws Exception {
        System.gc();
        long baseline = heapUsed();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMinutes(30))
                        .header("Content-Type", "text/csv")
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"rejected\":0");
        return String.format(
                Locale.ROOT,
                "%-9s %6.1f s, peak heap %4.0f MiB (%.0f MiB in use before)  %s%n",
                what,
                seconds,
                peak / 1048576.0,
                baseline / 1048576.0,
                response.body().replaceAll(",\"problems\":\\[]", ""));
    }

    private static String get(HttpClient http, String url, String what) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", authorization())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return String.format(
                Locale.ROOT,
                "%s: %.0f ms, %d KiB%n",
                what,
                (System.nanoTime() - started) / 1e6,
                response.body().length() / 1024);
    }

    private static String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getUsage().getUsed())
                .sum();
    }

    private static Path writePartners(Path file, int partners) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("partner_id;name;language;contact_name;contact_email\n");
            for (int i = 0; i < partners; i++) {
                String id = partnerId(i);
                out.write(id + ";IT-Service " + i + " GmbH;" + (i % 7 == 0 ? "en" : "de") + ";Technik " + i
                        + ";technik@" + id.toLowerCase(Locale.ROOT) + ".example\n");
                out.write(id + ";;;Hotline " + i + ";hotline@" + id.toLowerCase(Locale.ROOT) + ".example\n");
            }
        }
        return file;
    }

    private static Path writePractices(Path file, int practices, int partners) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("practice_id;name;contact_person;emails;street;postcode;city;language;segment;preferred_channel;"
                    + "partner;partner.ti-konnektor\n");
            for (int i = 0; i < practices; i++) {
                out.write(String.format(
                        Locale.ROOT,
                        "%s;Praxis Dr. med. Bench %d;Dr. Bench %d;praxis%d@example.org;Hauptstraße %d;%05d;Musterstadt;"
                                + "de;allgemeinmedizin;email;%s;%s%n",
                        practiceId(i),
                        i,
                        i,
                        i,
                        i % 200 + 1,
                        10_000 + i % 89_999,
                        partnerId(i % partners),
                        i % 3 == 0 ? partnerId((i / 3) % partners) : ""));
            }
        }
        return file;
    }

    /** Contacts in practice order, as a directory export gives them: owner, manager, and doctors for some. */
    private static Path writeContacts(Path file, int practices, int contacts) throws IOException {
        String[] roles = {"owner", "manager", "doctor", "doctor", "data-protection"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("practice_id;contact_id;name;role;email;channel;language\n");
            long written = 0;
            for (int i = 0; i < practices && written < contacts; i++) {
                long share = (long) contacts * (i + 1) / practices - written;
                for (int c = 0; c < share; c++) {
                    out.write(String.format(
                            Locale.ROOT,
                            "%s;;Person %d-%d;%s;person%d.%d@example.org;%s;%n",
                            practiceId(i),
                            i,
                            c,
                            roles[c % roles.length],
                            i,
                            c,
                            c % 4 == 3 ? "both" : ""));
                }
                written += share;
            }
        }
        return file;
    }

    private static String practiceId(int i) {
        return String.format(Locale.ROOT, "B-%06d", i);
    }

    private static String partnerId(int i) {
        return String.format(Locale.ROOT, "ITB-%04d", i);
    }
}
