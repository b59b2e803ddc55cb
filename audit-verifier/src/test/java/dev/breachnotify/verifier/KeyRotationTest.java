package dev.breachnotify.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log whose signing key was replaced: co-signed notes, key files of several keys, exports across the change. */
class KeyRotationTest {

    private static final String NAME = TestLog.ORIGIN;
    private static final String TEXT = "test.breachnotify/audit\n300\nroot\ntime 2026-12-01T10:00:00Z\n";

    private final KeyPair previous = NoteKeys.generate();
    private final KeyPair current = NoteKeys.generate();

    @Test
    void aCoSignedNoteVerifiesWithEitherKeyAndNamesTheFirstTrustedSigner() {
        String note = SignedNote.sign(TEXT, NAME, List.of(current, previous));

        assertThat(note.split("\n")).hasSize(7); // four lines, the blank line, two signatures
        assertThat(SignedNote.open(note, NAME, List.of(previous.getPublic())).signer())
                .isEqualTo(previous.getPublic());
        assertThat(SignedNote.open(note, NAME, List.of(current.getPublic())).signer())
                .isEqualTo(current.getPublic());
        assertThat(SignedNote.open(note, NAME, List.of(previous.getPublic(), current.getPublic()))
                        .signer())
                .isEqualTo(current.getPublic());
        assertThat(SignedNote.verify(note, NAME, previous.getPublic())).isEqualTo(TEXT);
    }

    @Test
    void aBadSignatureByATrustedKeyIsAForgeryEvenBesideAGoodOne() {
        String note = SignedNote.sign(TEXT, NAME, List.of(current, previous));
        String[] lines = note.split("\n");
        byte[] blob = Base64.getDecoder().decode(lines[6].substring(lines[6].lastIndexOf(' ') + 1));
        blob[10] ^= 1;
        lines[6] = lines[6].substring(0, lines[6].lastIndexOf(' ') + 1)
                + Base64.getEncoder().encodeToString(blob);
        String forged = String.join("\n", lines) + "\n";

        assertThatThrownBy(() -> SignedNote.open(forged, NAME, List.of(current.getPublic(), previous.getPublic())))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("does not verify");
        // a verifier that does not know the previous key ignores its line, as the specification says
        assertThat(SignedNote.open(forged, NAME, List.of(current.getPublic())).text())
                .isEqualTo(TEXT);
    }

    @Test
    void aNoteOfNeitherKeyNamesTheKeyIdsItLookedFor() {
        KeyPair stranger = NoteKeys.generate();
        String note = SignedNote.sign(TEXT, NAME, List.of(stranger));

        assertThatThrownBy(() -> SignedNote.open(note, NAME, List.of(current.getPublic(), previous.getPublic())))
                .hasMessageContaining("bears no signature of key " + NAME + " (id any of ")
                .hasMessageContaining(hexId(current.getPublic()))
                .hasMessageContaining(hexId(previous.getPublic()));
    }

    @Test
    void aKeyFileHoldsSeveralKeysInEitherFormWithComments() {
        String file = "# current key\n" + NoteKeys.publicKeyPem(current.getPublic()) + "\n# previous key\n"
                + NoteKeys.verifierKey(NAME, previous.getPublic()) + "\n\n"
                + NoteKeys.publicKeyPem(previous.getPublic());

        List<PublicKey> keys = NoteKeys.parsePublicKeys(file, "keys.pem");
        assertThat(keys).containsExactly(current.getPublic(), previous.getPublic(), previous.getPublic());

        String cut = NoteKeys.publicKeyPem(current.getPublic()).replace("-----END PUBLIC KEY-----\n", "");
        assertThatThrownBy(() -> NoteKeys.parsePublicKeys("# a key\n" + cut, "keys.pem"))
                .hasMessage("keys.pem line 2: a PEM block without its -----END PUBLIC KEY----- line");
        assertThatThrownBy(() -> NoteKeys.parsePublicKeys("# nothing\n\n", "keys.pem"))
                .hasMessageStartingWith("keys.pem: no public key");
        assertThatThrownBy(() ->
                        NoteKeys.parsePublicKeys(NoteKeys.publicKeyPem(current.getPublic()) + "garbage\n", "keys.pem"))
                .hasMessageStartingWith("keys.pem line 4: expected a PEM public key");
    }

    @Test
    void anExportSignedByTheNewKeyIsConsistentWithACheckpointTheOldKeySigned() throws IOException {
        TestLog before = new TestLog(previous, 300);
        String older = before.checkpoint(200);
        TestLog after = new TestLog(current, 0);
        before.events.forEach(after::add);
        List<String> export = after.export(i -> true, true, 200L);

        ExportVerifier.Result result = verify(export, older, current.getPublic(), previous.getPublic());
        assertThat(result.signer()).isEqualTo(current.getPublic());
        assertThat(result.olderSigner()).isEqualTo(previous.getPublic());
        assertThat(result.older().treeSize()).isEqualTo(200);

        assertThatThrownBy(() -> verify(export, older, current.getPublic()))
                .isInstanceOf(ExportVerifier.Problem.class)
                .hasMessageContaining("the older checkpoint: the note bears no signature of key " + NAME);
        assertThatThrownBy(() -> verify(export, older, previous.getPublic()))
                .isInstanceOf(ExportVerifier.Problem.class)
                .hasMessageContaining("forged or damaged checkpoint");
    }

    @Test
    void theCommandLineTakesSeveralKeysAndNamesWhichSignedWhat(@TempDir Path dir) throws IOException {
        TestLog before = new TestLog(previous, 50);
        Path older = Files.writeString(dir.resolve("older.txt"), before.checkpoint(20));
        TestLog after = new TestLog(current, 0);
        before.events.forEach(after::add);
        Path export = Files.write(dir.resolve("export.jsonl"), after.export(i -> true, true, 20L));
        Path keys = Files.writeString(
                dir.resolve("audit-public-keys.pem"),
                NoteKeys.publicKeyPem(current.getPublic()) + NoteKeys.publicKeyPem(previous.getPublic()));
        Path currentOnly = Files.writeString(dir.resolve("current.pem"), NoteKeys.publicKeyPem(current.getPublic()));
        Path previousOnly = Files.writeString(
                dir.resolve("previous.vkey"), NoteKeys.verifierKey(NAME, previous.getPublic()) + "\n");

        for (String[] args : List.of(
                new String[] {"--public-key", keys.toString(), export.toString(), "--older-checkpoint", older.toString()
                },
                new String[] {
                    "--public-key",
                    currentOnly.toString(),
                    "--public-key",
                    previousOnly.toString(),
                    export.toString(),
                    "--older-checkpoint",
                    older.toString()
                })) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = VerifyExport.run(
                    args,
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(VerifyExport.OK);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("by key " + NoteKeys.fingerprint(current.getPublic()))
                    .contains("tree size 20 (2026-12-01T10:00:20Z, signed by key "
                            + NoteKeys.fingerprint(previous.getPublic()) + ")");
        }
    }

    private static ExportVerifier.Result verify(List<String> lines, String older, PublicKey... keys)
            throws IOException {
        return new ExportVerifier(List.of(keys), older, null)
                .verify(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
    }

    private static String hexId(PublicKey key) {
        return java.util.HexFormat.of().formatHex(NoteKeys.keyId(NAME, key));
    }
}
