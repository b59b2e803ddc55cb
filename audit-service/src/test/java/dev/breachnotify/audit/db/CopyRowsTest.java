package dev.breachnotify.audit.db;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CopyRowsTest {

    @Test
    void escapesWhatTheTextFormatGivesMeaningTo() {
        CopyRows rows = new CopyRows("t", "a, b, c, d, e");
        rows.text("{\"a\":\"back\\\\slash\"}").text(null).text("tab\tline\ncr\r").number(-7)
                .bytes(new byte[] {0, (byte) 0xab}).endRow();

        assertThat(text(rows)).isEqualTo("{\"a\":\"back\\\\\\\\slash\"}\t\\N\ttab\\tline\\ncr\\r\t-7\t\\\\x00ab\n");
        assertThat(rows.pending()).isEqualTo(1);
    }

    @Test
    void roundsTimestampsToMicrosecondsHalfUpLikeTheDriver() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-00000000002a");
        CopyRows rows = new CopyRows("t", "a, b, c, d");
        rows.uuid(id).timestamp(Instant.parse("2026-12-02T03:41:09.123456499Z"))
                .timestamp(Instant.parse("2026-12-02T03:41:09.123456500Z"))
                .timestamp(Instant.parse("2026-12-31T23:59:59.999999999Z")).endRow();

        assertThat(text(rows)).isEqualTo(id + "\t2026-12-02T03:41:09.123456Z\t2026-12-02T03:41:09.123457Z"
                + "\t2027-01-01T00:00:00Z\n");
    }

    private static String text(CopyRows rows) {
        return rows.pendingText();
    }
}
