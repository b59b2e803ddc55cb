package dev.breachnotify.notifier.letter;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/** The vendor's letterhead and the letter's fixed texts ({@code breachnotify.notifier.letter.*}). */
@ConfigurationProperties("breachnotify.notifier.letter")
public class LetterSettings {

    /** Lines of the letterhead, top right; the first is printed larger. */
    private List<String> letterhead = List.of("Ihr Softwarehersteller GmbH", "Musterstraße 1", "10115 Berlin",
            "Telefon 0800 000000 (kostenfrei)");
    /** The one-line return address above the recipient's address in the window. */
    private String returnAddress = "Ihr Softwarehersteller GmbH · Musterstraße 1 · 10115 Berlin";
    /** The place before the date line. */
    private String place = "Berlin";
    /** How the recipient can check that the letter is genuine (German). */
    private String genuineDe = "So prüfen Sie, dass dieser Brief echt ist: Rufen Sie uns unter der kostenfreien Nummer"
            + " im Briefkopf an. Wir fragen Sie niemals nach einem Passwort.";
    /** How the recipient can check that the letter is genuine (English). */
    private String genuineEn = "How to check that this letter is genuine: call us on the free number in the letterhead."
            + " We will never ask you for a password.";

    public List<String> getLetterhead() { return letterhead; }
    public void setLetterhead(List<String> letterhead) { this.letterhead = List.copyOf(letterhead); }
    public String getReturnAddress() { return returnAddress; }
    public void setReturnAddress(String returnAddress) { this.returnAddress = returnAddress; }
    public String getPlace() { return place; }
    public void setPlace(String place) { this.place = place; }
    public String getGenuineDe() { return genuineDe; }
    public void setGenuineDe(String genuineDe) { this.genuineDe = genuineDe; }
    public String getGenuineEn() { return genuineEn; }
    public void setGenuineEn(String genuineEn) { this.genuineEn = genuineEn; }
}
