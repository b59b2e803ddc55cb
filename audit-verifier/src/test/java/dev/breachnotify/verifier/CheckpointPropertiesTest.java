package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The checkpoint parser and signed-note check against any text: a checkpoint or a {@link ProofException}. */
class CheckpointPropertiesTest {

    private static final KeyPair KEYS = NoteKeys.generate();

    @Property
    void anyTextIsACheckpointOrAProofException(@ForAll("checkpointish") String text) {
        assertParsesOrFailsAsProof(text);
    }

    @Property
    void anyStringAtAllIsACheckpointOrAProofException(@ForAll String text) {
        assertParsesOrFailsAsProof(text);
    }

    @Property
    void aCheckpointReadsBackFromItsText(@ForAll("checkpoints") Checkpoint checkpoint) {
        assertThat(Checkpoint.parse(checkpoint.text())).isEqualTo(checkpoint);
    }

    @Property(tries = 200)
    void aSignedCheckpointVerifiesAndAnyChangedCharacterIsRefused(
            @ForAll("checkpoints") Checkpoint checkpoint,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll char replacement) {
        String note = checkpoint.sign(KEYS.getPrivate(), KEYS.getPublic());
        assertThat(Checkpoint.verify(note, null, KEYS.getPublic())).isEqualTo(checkpoint);

        int at = position % note.length();
        if (note.charAt(at) == replacement) {
            return;
        }
        String changed = note.substring(0, at) + replacement + note.substring(at + 1);
        assertThatThrownBy(() -> Checkpoint.verify(changed, checkpoint.origin(), KEYS.getPublic()))
                .isInstanceOf(ProofException.class);
    }

    private static void assertParsesOrFailsAsProof(String text) {
        try {
            Checkpoint checkpoint = Checkpoint.parse(text);
            assertThat(Checkpoint.parse(checkpoint.text())).isEqualTo(checkpoint);
        } catch (ProofException e) {
            assertThat(e.getMessage()).contains("checkpoint");
        }
        try {
            Checkpoint.verify(text, null, KEYS.getPublic());
        } catch (ProofException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Checkpoint> checkpoints() {
        Arbitrary<String> origin = Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(o -> !o.isBlank() && !o.contains("\n") && o.strip().equals(o) && !o.contains(" "))
                .map(o -> new String(
                        o.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8))
                .filter(o -> !o.isBlank() && o.strip().equals(o));
        Arbitrary<Long> size = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<byte[]> root = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<Instant> time =
                Arbitraries.longs().between(0, 253_402_300_799L).map(Instant::ofEpochSecond);
        return Combinators.combine(origin, size, root, time).as(Checkpoint::new);
    }

    /** Lines like a checkpoint's, in any order and number, some of them broken. */
    @Provide
    Arbitrary<String> checkpointish() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.of(
                        "example.org/log",
                        " example.org/log",
                        "",
                        " ",
                        "0",
                        "12345",
                        "01",
                        "-1",
                        "99999999999999999999",
                        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
                        "AAAA",
                        "not base64!",
                        "time 2026-12-02T01:02:03Z",
                        "time yesterday",
                        "time ",
                        "\u2014 example.org/log AAAA",
                        "other extension"),
                Arbitraries.strings().ofMaxLength(12));
        return line.list().ofMaxSize(8).map(lines -> String.join("\n", lines) + "\n");
    }

    @Property(tries = 50)
    void aRootHashOfAnotherLengthIsNamed(@ForAll @Size(max = 64) byte[] root) {
        if (root.length == 32) {
            return;
        }
        String text = "log\n5\n" + java.util.Base64.getEncoder().encodeToString(root) + "\ntime 2026-12-02T01:02:03Z\n";
        assertThatThrownBy(() -> Checkpoint.parse(text))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("has " + root.length + " bytes, not 32");
    }
}
