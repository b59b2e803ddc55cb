package dev.breachnotify.events;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who speaks to the practices: the vendor's identity as every mail, page and letter names it
 * ({@code breachnotify.vendor.*}). One record, configured identically for notifier-service and ack-service, so
 * that mail, page and letter say the same.
 *
 * @param name          the company as it signs, e.g. {@code Muster Praxissoftware GmbH} (English texts, headers)
 * @param german        the name's German forms where a sentence needs them
 * @param senderAddress the From address of the mails
 * @param senderName    the From display name of the mails, e.g. {@code Sicherheitsteam der Muster GmbH}
 * @param supportPhone  the support line a practice can call to check a notice
 * @param verifyUrl     the web page where a practice can check that a mail or letter is genuine
 * @param company       the letter's footer and signature
 */
public record VendorIdentity(
        String name,
        GermanForms german,
        String senderAddress,
        String senderName,
        String supportPhone,
        String verifyUrl,
        Company company) {

    /** The configuration prefix. */
    public static final String PREFIX = "breachnotify.vendor.";

    /**
     * The name in German sentences: {@code nominative} at a sentence's start ("Die Muster GmbH wird Sie…"),
     * {@code genitive} after "Eine Mitteilung" ("…der Muster GmbH"), {@code dative} after "von" ("…von der
     * Muster GmbH"). Each with its article where the name takes one.
     */
    public record GermanForms(String nominative, String genitive, String dative) {}

    /**
     * The company details a German business letter carries, and who signs.
     *
     * @param address           the postal address, one line each (street, postcode and city)
     * @param registerCourt     e.g. {@code Amtsgericht Musterstadt}
     * @param registerNumber    e.g. {@code HRB 00000}
     * @param managingDirectors the managing directors (Geschäftsführung), comma-separated
     * @param signatory         who signs the letter
     * @param signatoryRole     the signatory's role, printed under the name
     */
    public record Company(
            List<String> address,
            String registerCourt,
            String registerNumber,
            String managingDirectors,
            String signatory,
            String signatoryRole) {

        public Company {
            address = address == null ? List.of() : List.copyOf(address);
        }
    }

    /** A clearly fictitious vendor for the embedded default, demos and tests: never for real practices. */
    public static final VendorIdentity SAMPLE = new VendorIdentity(
            "Muster Praxissoftware GmbH (Beispiel)",
            new GermanForms(
                    "die Muster Praxissoftware GmbH (Beispiel)",
                    "der Muster Praxissoftware GmbH (Beispiel)",
                    "der Muster Praxissoftware GmbH (Beispiel)"),
            "security-notice@vendor.example",
            "Sicherheitsteam Muster Praxissoftware (Beispiel)",
            "0800 000 0000",
            "https://vendor.example/echtheit",
            new Company(
                    List.of("Musterstraße 1", "12345 Musterstadt"),
                    "Amtsgericht Musterstadt",
                    "HRB 00000",
                    "Erika Mustermann, Max Mustermann",
                    "Erika Mustermann",
                    "Informationssicherheit"));

    /** The configuration keys of what is missing, in the order of the record; empty when complete. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        blank(missing, "name", name);
        blank(missing, "german-nominative", german == null ? null : german.nominative());
        blank(missing, "german-genitive", german == null ? null : german.genitive());
        blank(missing, "german-dative", german == null ? null : german.dative());
        blank(missing, "sender-address", senderAddress);
        blank(missing, "sender-name", senderName);
        blank(missing, "support-phone", supportPhone);
        blank(missing, "verify-url", verifyUrl);
        if (company == null || company.address().stream().allMatch(VendorIdentity::isBlank)) {
            missing.add(PREFIX + "company-address");
        }
        blank(missing, "register-court", company == null ? null : company.registerCourt());
        blank(missing, "register-number", company == null ? null : company.registerNumber());
        blank(missing, "managing-directors", company == null ? null : company.managingDirectors());
        blank(missing, "signatory", company == null ? null : company.signatory());
        blank(missing, "signatory-role", company == null ? null : company.signatoryRole());
        return missing;
    }

    /** Values that are set but wrong, each naming its key; empty when none. */
    public List<String> malformed() {
        List<String> problems = new ArrayList<>();
        if (!isBlank(verifyUrl)) {
            try {
                URI uri = URI.create(verifyUrl.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
                    problems.add(PREFIX + "verify-url: not an http(s) address: " + verifyUrl);
                }
            } catch (IllegalArgumentException e) {
                problems.add(PREFIX + "verify-url: not an address: " + verifyUrl);
            }
        }
        if (!isBlank(senderAddress) && !senderAddress.strip().matches("[^@\\s<>]+@[^@\\s<>]+")) {
            problems.add(
                    PREFIX + "sender-address: not a mail address (only the address, without a name): " + senderAddress);
        }
        if (!isBlank(senderName) && senderName.chars().anyMatch(c -> c == '"' || c == '\\' || c == '\r' || c == '\n')) {
            problems.add(PREFIX + "sender-name: may not hold quotes, backslashes or line breaks: " + senderName);
        }
        return problems;
    }

    /** Missing and malformed values in one sentence, or {@code null} when the identity is usable. */
    public String problem() {
        List<String> missing = missing();
        List<String> malformed = malformed();
        if (missing.isEmpty() && malformed.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("the vendor's identity is incomplete; set " + String.join(", ", missing));
        }
        parts.addAll(malformed);
        return String.join("; ", parts);
    }

    /** The German nominative at the start of a sentence: its first letter upper case. */
    public String germanSubject() {
        String nominative = german.nominative().strip();
        return nominative.substring(0, 1).toUpperCase(Locale.GERMAN) + nominative.substring(1);
    }

    /** The one-line return address of a letter's window: name · street · city. */
    public String returnAddress() {
        return name + " · " + String.join(" · ", company.address());
    }

    /** The identity as configuration properties ({@code breachnotify.vendor.*}), e.g. for the embedded default. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PREFIX + "name", name);
        properties.put(PREFIX + "german-nominative", german.nominative());
        properties.put(PREFIX + "german-genitive", german.genitive());
        properties.put(PREFIX + "german-dative", german.dative());
        properties.put(PREFIX + "sender-address", senderAddress);
        properties.put(PREFIX + "sender-name", senderName);
        properties.put(PREFIX + "support-phone", supportPhone);
        properties.put(PREFIX + "verify-url", verifyUrl);
        properties.put(PREFIX + "company-address", company.address());
        properties.put(PREFIX + "register-court", company.registerCourt());
        properties.put(PREFIX + "register-number", company.registerNumber());
        properties.put(PREFIX + "managing-directors", company.managingDirectors());
        properties.put(PREFIX + "signatory", company.signatory());
        properties.put(PREFIX + "signatory-role", company.signatoryRole());
        return properties;
    }

    private static void blank(List<String> missing, String key, String value) {
        if (isBlank(value)) {
            missing.add(PREFIX + key);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
