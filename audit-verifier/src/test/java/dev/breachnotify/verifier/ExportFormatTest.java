package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The export's lines as the format describes them, and the manifest digest computed a second, independent way. */
class ExportFormatTest {

    private static final byte[] HASH = new byte[32];

    @Test
    void shortNotesAndManifestsMakeLinesToo() {
        assertThat(ExportFormat.checkpoint("n")).isEqualTo("{\"kind\":\"checkpoint\",\"note\":\"n\"}");
        assertThat(ExportFormat.end(0, "m\n")).isEqualTo("{\"kind\":\"end\",\"entries\":0,\"note\":\"m\\n\"}");
        assertThat(ExportFormat.consistency(1, 2, List.of()))
                .isEqualTo("{\"kind\":\"consistency\",\"fromSize\":1,\"toSize\":2,\"proof\":[]}");
        assertThat(ExportFormat.header("o", Map.of(), true, TestLog.T0, "dpo"))
                .isEqualTo("{\"format\":\"breachnotify.audit-export\",\"version\":1,\"origin\":\"o\",\"filter\":{},"
                        + "\"complete\":true,\"exportedAt\":\"2026-12-01T10:00:00Z\",\"exportedBy\":\"dpo\"}");
    }

    @Test
    void anEntryLineCarriesItsEventQuotedWhateverItsSize() {
        for (int size : new int[] {0, 1, 100, 1_000, 10_000}) {
            String event = "{\"t\":\"" + "é\"\u2028".repeat(size) + "\"}";

            byte[] line = ExportFormat.entry(7, 3, 9, HASH, List.of(HASH), 2, event.getBytes(StandardCharsets.UTF_8));

            String expected = "{\"kind\":\"entry\",\"index\":7,\"prev\":3,\"treeSize\":9,\"leafHash\":\""
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"proof\":[\""
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"],\"proofReused\":2,\"event\":"
                    + Json.quote(new StringBuilder(), event) + "}\n";
            assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo(expected);
            StringBuilder text = new StringBuilder("x");
            ExportFormat.entry(text, 7, 3, 9, HASH, List.of(HASH), 2, event);
            assertThat(text.toString()).isEqualTo("x" + expected);
        }
    }

    @Property(tries = 200)
    void theManifestDigestIsSha256OverTheHeaderANewlineAndEachIndexAndLeafHash(
            @ForAll String header, @ForAll @Size(max = 5) List<Long> indexes, @ForAll @Size(32) byte[] leaf)
            throws Exception {
        ExportFormat.Digest digest = new ExportFormat.Digest(header);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update((header + "\n").getBytes(StandardCharsets.UTF_8));
        for (long index : indexes) {
            digest.entry(index, leaf);
            expected.update(ByteBuffer.allocate(8).putLong(index).array());
            expected.update(leaf);
        }

        assertThat(digest.digest()).isEqualTo(expected.digest());
    }

    @Test
    void aLargeIndexTakesAllEightBytes() throws Exception {
        ExportFormat.Digest digest = new ExportFormat.Digest("h");
        digest.entry(0x0102030405060708L, HASH);
        digest.entry(-1L, HASH);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        expected.update("h\n".getBytes(StandardCharsets.UTF_8));
        expected.update(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        expected.update(HASH);
        expected.update(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
        expected.update(HASH);

        assertThat(digest.digest()).isEqualTo(expected.digest());
    }

    @Test
    void bytesThatOnlyStartALineSeparatorPassThroughUnquoted() {
        for (byte[] tail : List.of(new byte[] {'a', (byte) 0xE2}, new byte[] {'a', (byte) 0xE2, (byte) 0x80})) {
            Utf8Buffer out = new Utf8Buffer(1);
            Json.quoteUtf8(out, tail);
            byte[] expected = new byte[tail.length + 2];
            expected[0] = '"';
            System.arraycopy(tail, 0, expected, 1, tail.length);
            expected[expected.length - 1] = '"';
            assertThat(out.toByteArray()).isEqualTo(expected);
        }
    }
}
