package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default's DKIM keys: made once, private to the owner, each with a DNS record that fits DNS. */
class LocalDkimKeysTest {

    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    @TempDir
    Path data;

    @Test
    void theFirstStartMakesTheKeysAndLaterStartsReuseThem() throws Exception {
        LocalDkimKeys first = LocalDkimKeys.loadOrCreate(data);
        LocalDkimKeys second = LocalDkimKeys.loadOrCreate(data);

        assertThat(second).isEqualTo(first);
        assertThat(first.notifierProperties())
                .containsEntry("breachnotify.notifier.dkim.selector", "breachnotify")
                .containsEntry("breachnotify.notifier.dkim.ed25519-selector", "breachnotify-ed25519");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("dkim"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(data.resolve("dkim/breachnotify-ed25519.key"))))
                .isEqualTo("rw-------");
        assertThat(first.rsaRecord()).isEqualTo(data.resolve("dkim/breachnotify.txt"));
    }

    @Test
    void theRsaRecordHoldsA2048BitKeyInStringsDnsAccepts() throws Exception {
        LocalDkimKeys keys = LocalDkimKeys.loadOrCreate(data);
        String zone = Files.readString(keys.rsaRecord());

        assertThat(zone).contains("\nbreachnotify._domainkey IN TXT ( \"v=DKIM1; k=rsa; p=");
        StringBuilder value = new StringBuilder();
        Matcher strings = STRING.matcher(zone.substring(zone.indexOf("IN TXT")));
        while (strings.find()) {
            assertThat(strings.group(1).length()).isLessThanOrEqualTo(255);
            value.append(strings.group(1));
        }
        String p = value.substring(value.indexOf("p=") + 2);
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p)));
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        String ed = Files.readString(keys.ed25519Record());
        Matcher edKey = Pattern.compile("k=ed25519; p=([A-Za-z0-9+/=]+)\"").matcher(ed);
        assertThat(edKey.find()).isTrue();
        assertThat(Base64.getDecoder().decode(edKey.group(1))).hasSize(32);
    }
}
