package dev.breachnotify.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VendorIdentityTest {

    @Test
    void theSampleIsComplete() {
        assertThat(VendorIdentity.SAMPLE.problem()).isNull();
        assertThat(VendorIdentity.SAMPLE.germanSubject()).startsWith("Die Muster");
    }

    @Test
    void anIncompleteIdentityNamesEveryMissingKey() {
        VendorIdentity incomplete = new VendorIdentity(
                "Praxissoft GmbH",
                new VendorIdentity.GermanForms("die Praxissoft GmbH", " ", null),
                "security@praxissoft.example",
                "Sicherheitsteam",
                "",
                "https://praxissoft.example/echt",
                new VendorIdentity.Company(
                        List.of(), "Amtsgericht Köln", "HRB 1", "A. Beispiel", "A. Beispiel", "IT-Sicherheit"));

        assertThat(incomplete.missing())
                .containsExactly(
                        "breachnotify.vendor.german-genitive",
                        "breachnotify.vendor.german-dative",
                        "breachnotify.vendor.support-phone",
                        "breachnotify.vendor.company-address");
        assertThat(incomplete.problem())
                .startsWith("the vendor's identity is incomplete; set ")
                .contains("breachnotify.vendor.support-phone");
    }

    @Test
    void malformedValuesAreNamed() {
        VendorIdentity wrong = new VendorIdentity(
                "X",
                SAMPLE_FORMS,
                "Security <s@x.example>",
                "Team \"X\"",
                "1",
                "ftp://x.example",
                VendorIdentity.SAMPLE.company());

        assertThat(wrong.malformed())
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("breachnotify.vendor.verify-url"))
                .anySatisfy(p -> assertThat(p).startsWith("breachnotify.vendor.sender-address"))
                .anySatisfy(p -> assertThat(p).startsWith("breachnotify.vendor.sender-name"));
    }

    @Test
    void theSalutationIsTheContactIfKnownElseThePractice() {
        assertThat(Salutation.line("de", "Dr. Hannah Werner", "Praxis Werner"))
                .isEqualTo("Guten Tag Dr. Hannah Werner,");
        assertThat(Salutation.line("en", " ", "Praxis Werner")).isEqualTo("Dear Praxis Werner,");
        assertThat(Salutation.line("de", null, "Praxis Werner")).isEqualTo("Guten Tag Praxis Werner,");
    }

    private static final VendorIdentity.GermanForms SAMPLE_FORMS = VendorIdentity.SAMPLE.german();
}
