package dev.breachnotify.platform.vendor;

import dev.breachnotify.events.VendorIdentity;
import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.List;

/**
 * The vendor's identity as configured ({@code breachnotify.vendor.*}); every key is required and has no default,
 * so that no placeholder name ever reaches a practice. The embedded default sets {@link VendorIdentity#SAMPLE}.
 * Services check it at start with {@link #identity()} and {@link VendorIdentity#problem()}.
 */
@ConfigurationProperties("breachnotify.vendor")
public class VendorSettings {

    private String name;
    private String germanNominative;
    private String germanGenitive;
    private String germanDative;
    private String senderAddress;
    private String senderName;
    private String supportPhone;
    private String verifyUrl;
    private List<String> companyAddress = List.of();
    private String registerCourt;
    private String registerNumber;
    private String managingDirectors;
    private String signatory;
    private String signatoryRole;

    /** The identity as one value (possibly incomplete: see {@link VendorIdentity#problem()}). */
    public VendorIdentity identity() {
        return new VendorIdentity(
                strip(name),
                new VendorIdentity.GermanForms(strip(germanNominative), strip(germanGenitive), strip(germanDative)),
                strip(senderAddress),
                strip(senderName),
                strip(supportPhone),
                strip(verifyUrl),
                new VendorIdentity.Company(
                        companyAddress.stream().map(String::strip).toList(),
                        strip(registerCourt),
                        strip(registerNumber),
                        strip(managingDirectors),
                        strip(signatory),
                        strip(signatoryRole)));
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    /** {@code name}: the company as it signs, e.g. "Muster Praxissoftware GmbH". */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
    /** {@code german-nominative}: with its article, e.g. "die Muster Praxissoftware GmbH". */
    public String getGermanNominative() {
        return germanNominative;
    }

    public void setGermanNominative(String germanNominative) {
        this.germanNominative = germanNominative;
    }
    /** {@code german-genitive}: e.g. "der Muster Praxissoftware GmbH" ("Eine Mitteilung der …"). */
    public String getGermanGenitive() {
        return germanGenitive;
    }

    public void setGermanGenitive(String germanGenitive) {
        this.germanGenitive = germanGenitive;
    }
    /** {@code german-dative}: e.g. "der Muster Praxissoftware GmbH" ("von der …"). */
    public String getGermanDative() {
        return germanDative;
    }

    public void setGermanDative(String germanDative) {
        this.germanDative = germanDative;
    }
    /** {@code sender-address}: the From address of the mails. */
    public String getSenderAddress() {
        return senderAddress;
    }

    public void setSenderAddress(String senderAddress) {
        this.senderAddress = senderAddress;
    }
    /** {@code sender-name}: the From display name. */
    public String getSenderName() {
        return senderName;
    }

    public void setSenderName(String senderName) {
        this.senderName = senderName;
    }
    /** {@code support-phone}: the line a practice can call to check a notice. */
    public String getSupportPhone() {
        return supportPhone;
    }

    public void setSupportPhone(String supportPhone) {
        this.supportPhone = supportPhone;
    }
    /** {@code verify-url}: where a practice checks that a mail or letter is genuine. */
    public String getVerifyUrl() {
        return verifyUrl;
    }

    public void setVerifyUrl(String verifyUrl) {
        this.verifyUrl = verifyUrl;
    }
    /** {@code company-address}: the postal address, one line each. */
    public List<String> getCompanyAddress() {
        return companyAddress;
    }

    public void setCompanyAddress(List<String> companyAddress) {
        this.companyAddress = companyAddress == null ? List.of() : List.copyOf(companyAddress);
    }
    /** {@code register-court}: e.g. "Amtsgericht Musterstadt". */
    public String getRegisterCourt() {
        return registerCourt;
    }

    public void setRegisterCourt(String registerCourt) {
        this.registerCourt = registerCourt;
    }
    /** {@code register-number}: e.g. "HRB 00000". */
    public String getRegisterNumber() {
        return registerNumber;
    }

    public void setRegisterNumber(String registerNumber) {
        this.registerNumber = registerNumber;
    }
    /** {@code managing-directors}: the Geschäftsführung, comma-separated. */
    public String getManagingDirectors() {
        return managingDirectors;
    }

    public void setManagingDirectors(String managingDirectors) {
        this.managingDirectors = managingDirectors;
    }
    /** {@code signatory}: who signs the letters. */
    public String getSignatory() {
        return signatory;
    }

    public void setSignatory(String signatory) {
        this.signatory = signatory;
    }
    /** {@code signatory-role}: the signatory's role. */
    public String getSignatoryRole() {
        return signatoryRole;
    }

    public void setSignatoryRole(String signatoryRole) {
        this.signatoryRole = signatoryRole;
    }
}
