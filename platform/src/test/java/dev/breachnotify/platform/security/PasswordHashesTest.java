package dev.breachnotify.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    @Test
    void aHashMatchesItsPasswordOnlyAndIsSaltedEachTime() {
        String hash = PasswordHashes.hash("correct horse".toCharArray());

        assertThat(PasswordHashes.matches("correct horse".toCharArray(), hash)).isTrue();
        assertThat(PasswordHashes.matches("correct horsE".toCharArray(), hash)).isFalse();
        assertThat(PasswordHashes.hash("correct horse".toCharArray())).isNotEqualTo(hash);
        assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain("correct");
    }

    @Test
    void malformedHashesNeverMatch() {
        assertThat(PasswordHashes.matches("x".toCharArray(), null)).isFalse();
        assertThat(PasswordHashes.matches("x".toCharArray(), "x")).isFalse();
        assertThat(PasswordHashes.matches("x".toCharArray(), "pbkdf2-sha256$1$!!$!!"))
                .isFalse();
    }
}
