package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    private final KeyPair keys = NoteKeys.generate();
    private final Checkpoint checkpoint = new Checkpoint(
            "example.org/audit",
            12345,
            HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
            Instant.parse("2026-12-02T01:02:03.456Z"));

    @Test
    void aSignedCheckpointIsATlogCheckpointNoteAndReadsBack() {
        String note = checkpoint.sign(keys.getPrivate(), keys.getPublic());

        assertThat(note).startsWith("""
                example.org/audit
                12345
                XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
                time 2026-12-02T01:02:03Z

                \u2014 example.org/audit\s""");
        assertThat(Checkpoint.verify(note, "example.org/audit", keys.getPublic()))
                .isEqualTo(checkpoint);
        assertThat(Checkpoint.verify(note, null, keys.getPublic())).isEqualTo(checkpoint);
    }

    @Test
    void anEditedOrForeignlySignedCheckpointIsRefused() {
        String note = checkpoint.sign(keys.getPrivate(), keys.getPublic());
        assertThatThrownBy(() -> Checkpoint.verify(note.replace("12345", "12346"), null, keys.getPublic()))
                .hasMessageContaining("does not verify");
        KeyPair other = NoteKeys.generate();
        assertThatThrownBy(() -> Checkpoint.verify(
                        checkpoint.sign(other.getPrivate(), other.getPublic()), null, keys.getPublic()))
                .hasMessageContaining("bears no signature of key example.org/audit");
        assertThatThrownBy(() -> Checkpoint.verify(note, "other.org/audit", keys.getPublic()))
                .isInstanceOf(ProofException.class);
    }

    @Test
    void keysReadBackFromPemAndFromAVerifierKey() {
        String pem = NoteKeys.publicKeyPem(keys.getPublic());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(NoteKeys.raw(NoteKeys.parsePublicKey(pem, "pem"))).isEqualTo(NoteKeys.raw(keys.getPublic()));

        String vkey = NoteKeys.verifierKey("example.org/audit", keys.getPublic());
        assertThat(vkey).matches("example\\.org/audit\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]{44}");
        assertThat(NoteKeys.raw(NoteKeys.parsePublicKey(vkey, "vkey"))).isEqualTo(NoteKeys.raw(keys.getPublic()));

        String privatePem = NoteKeys.privateKeyPem(keys.getPrivate());
        assertThat(NoteKeys.raw(NoteKeys.publicKeyOf(NoteKeys.parsePrivateKey(privatePem, "private"))))
                .isEqualTo(NoteKeys.raw(keys.getPublic()));
        String note = checkpoint.sign(NoteKeys.parsePrivateKey(privatePem, "private"), keys.getPublic());
        assertThat(Checkpoint.verify(note, null, keys.getPublic())).isEqualTo(checkpoint);
    }

    @Test
    void aCheckpointWithABlankOriginLineIsAProofProblemNotACrash() {
        String root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
        for (String origin : new String[] {"", " ", " example.org/audit"}) {
            assertThatThrownBy(() -> Checkpoint.parse(origin + "\n5\n" + root + "\ntime 2026-12-02T01:02:03Z\n"))
                    .isInstanceOf(ProofException.class)
                    .hasMessage("the checkpoint's origin line is blank or has surrounding white space");
        }
    }
}
