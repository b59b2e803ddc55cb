package dev.breachnotify.notifier.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferEncodingTest {

    @Test
    void asciiTextWithShortLinesGoesAsIs() {
        assertThat(TransferEncoding.of("Hello practice,\n\nplease change your passwords.\n"))
                .isEqualTo("7bit");
    }

    @Test
    void umlautsNeedQuotedPrintable() {
        assertThat(TransferEncoding.of("Bitte Passwörter ändern")).isEqualTo("quoted-printable");
    }

    @Test
    void aLineLongerThanSmtpAllowsNeedsQuotedPrintable() {
        assertThat(TransferEncoding.of("a".repeat(998) + "\n" + "b".repeat(998)))
                .isEqualTo("7bit");
        assertThat(TransferEncoding.of("a".repeat(999))).isEqualTo("quoted-printable");
    }

    @Test
    void aBareCarriageReturnNeedsQuotedPrintable() {
        assertThat(TransferEncoding.of("line\rline")).isEqualTo("quoted-printable");
    }
}
