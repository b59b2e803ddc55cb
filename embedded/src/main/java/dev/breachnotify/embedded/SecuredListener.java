package dev.breachnotify.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A broker listener that asks what a production Kafka cluster asks of its clients: TLS (the broker's certificate,
 * self-signed for 127.0.0.1/localhost, made by the JDK's {@code keytool}) and SASL/PLAIN authentication of one
 * user. {@link #clientProperties()} gives the client settings a service needs for it, the same keys an operator
 * sets in production ({@code kafka.security.protocol}, {@code kafka.sasl.*}, {@code kafka.ssl.truststore.*}).
 *
 * @param keyStore      the broker's PKCS#12 key store
 * @param trustStore    the clients' PKCS#12 trust store holding the broker's certificate
 * @param storePassword the password of both stores
 * @param user          the SASL user
 * @param password      its password
 */
public record SecuredListener(Path keyStore, Path trustStore, String storePassword, String user, String password) {

    static final String LISTENER = "SECURED";

    /**
     * Makes a key pair and a self-signed certificate for 127.0.0.1/localhost in {@code dir} with the JDK's keytool.
     *
     * @param dir      where the two stores are written
     * @param user     the SASL user the listener accepts
     * @param password its password
     * @return the listener settings
     */
    public static SecuredListener create(Path dir, String user, String password) {
        try {
            Files.createDirectories(dir);
            Path keyStore = dir.resolve("broker.p12");
            Path certificate = dir.resolve("broker.pem");
            Path trustStore = dir.resolve("truststore.p12");
            String storePassword = "changeit-" + Long.toHexString(System.nanoTime());
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(trustStore);
            keytool(
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    storePassword);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "broker",
                    "-keystore",
                    keyStore.toString(),
                    "-storepass",
                    storePassword,
                    "-file",
                    certificate.toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "broker",
                    "-file",
                    certificate.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    trustStore.toString(),
                    "-storepass",
                    storePassword);
            return new SecuredListener(keyStore, trustStore, storePassword, user, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the TLS material in " + dir, e);
        }
    }

    /** @return the client settings for this listener, with Kafka's client property names */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", "SASL_SSL");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put("sasl.jaas.config", jaas(user, password));
        properties.put("ssl.truststore.location", trustStore.toString());
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.password", storePassword);
        return properties;
    }

    /** @return a JAAS line for SASL/PLAIN, as {@code sasl.jaas.config} takes it */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Adds the listener to a broker configuration. */
    void configure(Properties broker, String host, int port) {
        String prefix = "listener.name." + LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        broker.setProperty("listeners", broker.getProperty("listeners") + "," + LISTENER + "://" + host + ":" + port);
        broker.setProperty(
                "advertised.listeners",
                broker.getProperty("advertised.listeners") + "," + LISTENER + "://" + host + ":" + port);
        broker.setProperty(
                "listener.security.protocol.map",
                broker.getProperty("listener.security.protocol.map") + "," + LISTENER + ":SASL_SSL");
        broker.setProperty("sasl.enabled.mechanisms", "PLAIN");
        broker.setProperty(prefix + "sasl.enabled.mechanisms", "PLAIN");
        broker.setProperty(
                prefix + "plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                        + password + "\" user_" + user + "=\"" + password + "\";");
        broker.setProperty(prefix + "ssl.keystore.location", keyStore.toString());
        broker.setProperty(prefix + "ssl.keystore.type", "PKCS12");
        broker.setProperty(prefix + "ssl.keystore.password", storePassword);
        broker.setProperty(prefix + "ssl.key.password", storePassword);
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
