package dev.breachnotify.ack.partner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartnerTextsTest {

    @Test
    void everyProblemReadsInBothLanguagesWithWhatItConcerns() {
        for (String language : new String[] {"de", "en"}) {
            for (Problem.Kind kind : Problem.Kind.values()) {
                assertThat(PartnerTexts.problem(language, new Problem(0, "credential", kind, "P-7")))
                        .as("%s in %s", kind, language)
                        .isNotBlank()
                        .doesNotContain("{");
            }
            assertThat(PartnerTexts.problem(
                            language, new Problem(4, "credential", Problem.Kind.CREDENTIAL_NOT_YOURS, "x")))
                    .contains("x");
        }
        assertThat(PartnerTexts.format("en", "savedNotice", 1)).isEqualTo("1 answer recorded.");
        assertThat(PartnerTexts.format("de", "savedNotice", 1500)).isEqualTo("1.500 Angaben erfasst.");
    }
}
