package dev.breachnotify.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Checks the mails the embedded default captured as a reader of its banner would: every DKIM-Signature of every
 * {@code .eml} file against the TXT records in {@code data/dkim/}, with Debian's python3-dkim (independent of the
 * signer). Skips the verification, saying so, where that verifier is not installed.
 */
final class CapturedMailDkim {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String VERIFY = """
            import re, sys, dkim
            records = {}
            for f in sys.argv[1:3]:
                text = open(f).read()
                name = re.search(r'^([^;\\s]+) IN TXT', text, re.M).group(1)
                records[name] = "".join(re.findall(r'"([^"]*)"', text)).encode()
            def dns(name, timeout=5):
                return records.get(name.decode().split(".")[0] + "._domainkey")
            failed = checked = 0
            for eml in sys.argv[3:]:
                message = open(eml, "rb").read()
                d = dkim.DKIM(message, minkey=2048)
                count = sum(1 for n, _ in d.headers if n.lower() == b"dkim-signature")
                if count != 2:
                    print("FAIL", eml, "has", count, "signatures"); failed += 1
                for i in range(count):
                    checked += 1
                    if not d.verify(idx=i, dnsfunc=dns):
                        print("FAIL", eml, i); failed += 1
            print("CHECKED", checked, "FAILED", failed)
            """;

    private CapturedMailDkim() {}

    static void assertEveryCapturedMailVerifies(LocalDkimKeys keys, Path emlDir) throws Exception {
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(keys.dir().resolve(LocalDkimKeys.RSA_SELECTOR + ".key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(keys.rsaRecord())).contains("breachnotify._domainkey IN TXT", "k=rsa; p=");
        assertThat(Files.readString(keys.ed25519Record())).contains("k=ed25519; p=");
        Process probe = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl")
                .redirectErrorStream(true)
                .start();
        if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
            System.out.println("DKIM of the captured mails not verified: " + PYTHON
                    + " lacks python3-dkim/python3-nacl (.ci/run installs them)");
            return;
        }
        List<String> command;
        try (Stream<Path> files = Files.list(emlDir)) {
            command = Stream.concat(
                            Stream.of(
                                    PYTHON,
                                    "-c",
                                    VERIFY,
                                    keys.rsaRecord().toString(),
                                    keys.ed25519Record().toString()),
                            files.map(Path::toString).filter(f -> f.endsWith(".eml")))
                    .toList();
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .as("python3-dkim on the captured mails")
                .contains(" FAILED 0")
                .doesNotContain("FAIL ");
    }
}
