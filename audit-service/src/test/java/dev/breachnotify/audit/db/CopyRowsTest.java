package dev.breachnotify.audit.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyRowsTest {

    @Test
    void writesEachValueInItsTypesBinaryFormWithTheRowsFieldCount() throws IOException {
        UUID id = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
        CopyRows rows = new CopyRows("t", "a, b, c, d, e, f, g");
        rows.text("{\"a\":\"tab\tline\n\\ü\"}")
                .text(null)
                .int16(7)
                .int32(-7)
                .int64(1L << 40)
                .uuid(id)
                .bytes(new byte[] {0, (byte) 0xab})
                .endRow();

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(rows.pendingBytes()));
        assertThat(in.readShort()).as("field count").isEqualTo((short) 7);
        byte[] json = "{\"a\":\"tab\tline\n\\ü\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(in.readInt()).isEqualTo(json.length);
        assertThat(in.readNBytes(json.length))
                .as("text as UTF-8, nothing escaped")
                .isEqualTo(json);
        assertThat(in.readInt()).as("NULL").isEqualTo(-1);
        assertThat(in.readInt()).isEqualTo(2);
        assertThat(in.readShort()).isEqualTo((short) 7);
        assertThat(in.readInt()).isEqualTo(4);
        assertThat(in.readInt()).isEqualTo(-7);
        assertThat(in.readInt()).isEqualTo(8);
        assertThat(in.readLong()).isEqualTo(1L << 40);
        assertThat(in.readInt()).isEqualTo(16);
        assertThat(in.readLong()).isEqualTo(id.getMostSignificantBits());
        assertThat(in.readLong()).isEqualTo(id.getLeastSignificantBits());
        assertThat(in.readInt()).isEqualTo(2);
        assertThat(in.readNBytes(2)).containsExactly(0, 0xab);
        assertThat(in.available()).isZero();
        assertThat(rows.pending()).isEqualTo(1);
    }

    @Test
    void refusesARowWithTooFewOrTooManyValuesOrASmallintThatDoesNotFit() {
        CopyRows rows = new CopyRows("t", "a, b");
        rows.int32(1);
        assertThatThrownBy(rows::endRow).hasMessageContaining("2 columns, not 1");
        assertThatThrownBy(() -> rows.int32(2).int32(3)).hasMessageContaining("only 2 columns");
        assertThatThrownBy(() -> new CopyRows("t", "a").int16(40_000)).hasMessageContaining("smallint");
    }

    @Test
    void timestampsCountMicrosecondsFrom2000RoundedHalfUpLikeTheDriver() {
        assertThat(CopyRows.postgresMicros(Instant.parse("2000-01-01T00:00:00Z")))
                .isZero();
        assertThat(CopyRows.postgresMicros(Instant.parse("1999-12-31T23:59:59.999999Z")))
                .isEqualTo(-1);
        long base = CopyRows.postgresMicros(Instant.parse("2026-12-02T03:41:09.123456Z"));
        assertThat(CopyRows.postgresMicros(Instant.parse("2026-12-02T03:41:09.123456499Z")))
                .isEqualTo(base);
        assertThat(CopyRows.postgresMicros(Instant.parse("2026-12-02T03:41:09.123456500Z")))
                .isEqualTo(base + 1);
        assertThat(CopyRows.postgresMicros(Instant.parse("2026-12-31T23:59:59.999999999Z")))
                .isEqualTo(CopyRows.postgresMicros(Instant.parse("2027-01-01T00:00:00Z")));
    }
}
