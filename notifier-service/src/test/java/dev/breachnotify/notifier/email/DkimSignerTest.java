package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of signing that are plain logic; the signatures themselves are checked by python3-dkim in ITs. */
class DkimSignerTest {

    @Test
    void relaxedBodyCollapsesWhiteSpaceAndDropsEmptyLinesAtTheEnd() {
        byte[] message = "H: v\r\n\r\nA  b \t c \r\n\r\nd\t\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(new String(RelaxedCanonicalization.body(message, 8), StandardCharsets.US_ASCII))
                .isEqualTo("A b c\r\n\r\nd\r\n");
        assertThat(RelaxedCanonicalization.body("H: v\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 8))
                .isEmpty();
    }

    @Test
    void relaxedHeaderLowerCasesTheNameAndUnfoldsTheValue() {
        assertThat(RelaxedCanonicalization.header("SUBJECT :  Bitte\r\n\t Passwörter   ändern  "))
                .isEqualTo("subject:Bitte Passwörter ändern\r\n");
    }

    @Test
    void everySignedHeaderIsListedPerOccurrenceAndTheOverSignedOnceMore() {
        KeyPair rsa = PythonDkim.generate("RSA", 2048);
        DkimSigner signer = new DkimSigner(
                "vendor.example", List.of(new DkimKey("s1", DkimKey.Algorithm.RSA_SHA256, rsa.getPrivate())));
        String mail = "From: a@vendor.example\r\nTo: b@example.org\r\nTo: c@example.org\r\nSubject: x\r\n"
                + "X-Other: y\r\n\r\nbody\r\n";

        String signed = new String(
                signer.sign(mail.getBytes(StandardCharsets.US_ASCII), Instant.parse("2026-12-04T10:00:00Z")),
                StandardCharsets.US_ASCII);

        assertThat(signed)
                .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=vendor.example; s=s1;")
                .contains("t=1796378400; h=From:From:Reply-To:Subject:Subject:To:To:Cc;")
                .endsWith(mail);
    }

    @Test
    void anRsaKeyUnder2048BitsIsRefusedNamingTheSetting() {
        String small = Base64.getEncoder()
                .encodeToString(PythonDkim.generate("RSA", 1024).getPrivate().getEncoded());

        assertThatThrownBy(() -> DkimKey.parse(
                        "breachnotify.notifier.dkim.private-key", "s1", DkimKey.Algorithm.RSA_SHA256, small))
                .hasMessage("breachnotify.notifier.dkim.private-key: the RSA key has 1024 bits; DKIM keys need at"
                        + " least 2048");
        assertThatThrownBy(() -> DkimKey.parse(
                        "breachnotify.notifier.dkim.ed25519-private-key",
                        "s2",
                        DkimKey.Algorithm.ED25519_SHA256,
                        "not base64!"))
                .hasMessageStartingWith("breachnotify.notifier.dkim.ed25519-private-key is not base64");
    }
}
