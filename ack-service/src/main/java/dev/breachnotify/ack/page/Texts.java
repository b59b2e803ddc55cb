package dev.breachnotify.ack.page;

import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.VendorIdentity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages' wording in German (the default) and English. Templates read the fixed texts
 * ({@code i18n/ack_de.properties}, {@code i18n/ack_en.properties}) from the map of {@link #of(String)}; sentences
 * with values in them are built here.
 */
public final class Texts {

    /** The languages offered; the first is the default. */
    public static final String GERMAN = "de";

    public static final String ENGLISH = "en";

    private static final Map<String, String> DE = load(GERMAN);
    private static final Map<String, String> EN = load(ENGLISH);

    // Formatters are immutable: made once, not per page (parsing a pattern costs more than formatting with it)
    private static final DateTimeFormatter DATE_EN =
            DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.UK);
    private static final DateTimeFormatter DATE_DE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMANY);
    private static final DateTimeFormatter DATE_TIME_EN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter DATE_TIME_DE =
            DateTimeFormatter.ofPattern("dd.MM.yyyy, HH:mm 'Uhr'", Locale.GERMANY);

    private static final Pattern BAD_CHARACTER =
            Pattern.compile("The code contains a character that is not used in codes: '(.)'.*", Pattern.DOTALL);
    private static final Pattern WRONG_LENGTH = Pattern.compile("A code has (\\d+) characters; you entered (\\d+)\\.");

    private Texts() {}

    /** The fixed texts of a language from {@code i18n/ack_<language>.properties} (UTF-8). */
    private static Map<String, String> load(String language) {
        ResourceBundle bundle = ResourceBundle.getBundle(
                "i18n.ack",
                Locale.forLanguageTag(language),
                Texts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> texts = new HashMap<>();
        for (String key : bundle.keySet()) {
            texts.put(key, bundle.getString(key));
        }
        return Map.copyOf(texts);
    }

    /** {@code en} if asked for, else German. */
    public static String language(String requested) {
        return ENGLISH.equalsIgnoreCase(requested == null ? "" : requested.strip()) ? ENGLISH : GERMAN;
    }

    /** Whether the value names a language the pages offer. */
    public static boolean offered(String requested) {
        return GERMAN.equals(requested) || ENGLISH.equals(requested);
    }

    public static String other(String language) {
        return ENGLISH.equals(language) ? GERMAN : ENGLISH;
    }

    /** The fixed texts of a language. */
    public static Map<String, String> of(String language) {
        return ENGLISH.equals(language) ? EN : DE;
    }

    /** A fixed text with values ({@link java.text.MessageFormat} pattern of the bundle). */
    public static String format(String language, String key, Object... values) {
        return new java.text.MessageFormat(of(language).get(key), Locale.ROOT).format(values);
    }

    public static String date(String language, LocalDate date) {
        if (date == null) {
            return "";
        }
        return (ENGLISH.equals(language) ? DATE_EN : DATE_DE).format(date);
    }

    public static String dateTime(String language, Instant instant, ZoneId zone) {
        if (instant == null) {
            return "";
        }
        return (ENGLISH.equals(language) ? DATE_TIME_EN : DATE_TIME_DE)
                .withZone(zone)
                .format(instant);
    }

    public static String neverAskPassword(String language, VendorIdentity vendor) {
        return ENGLISH.equals(language)
                ? "Important: " + vendor.name() + " will never ask you for a password: not by email, not by phone, "
                        + "and not on this page. Do not enter any password here."
                : "Wichtig: " + vendor.germanSubject() + " wird Sie niemals nach einem Passwort fragen, weder per "
                        + "E-Mail noch am Telefon noch auf dieser Seite. Geben Sie hier keine Passwörter ein.";
    }

    /** Whose message this is, after {@code from}: the name in English, its genitive in German. */
    public static String from(String language, VendorIdentity vendor) {
        return ENGLISH.equals(language) ? vendor.name() : vendor.german().genitive();
    }

    /** How to check that the page is genuine: the vendor's verify page and support line. */
    public static String genuine(String language, VendorIdentity vendor) {
        return ENGLISH.equals(language)
                ? "To check that this page is genuine, see " + vendor.verifyUrl() + " or call " + vendor.supportPhone()
                        + "."
                : "Ob diese Seite echt ist, prüfen Sie unter " + vendor.verifyUrl() + " oder telefonisch unter "
                        + vendor.supportPhone() + ".";
    }

    public static String acknowledged(String language, String name, String when) {
        return ENGLISH.equals(language)
                ? "Receipt of this notice confirmed by " + name + " on " + when + "."
                : "Erhalt und Kenntnisnahme bestätigt von " + name + " am " + when + ".";
    }

    public static String status(String language, RotationStatus status, LocalDate changedOn) {
        boolean en = ENGLISH.equals(language);
        return switch (status) {
            case CHANGED -> (en ? "changed on " : "geändert am ") + date(language, changedOn);
            case CHANGED_BY_PROVIDER ->
                en ? "changed by your IT service provider" : "von Ihrem IT-Dienstleister geändert";
            case NOT_APPLICABLE -> en ? "not applicable" : "betrifft Sie nicht";
        };
    }

    public static String confirmedBy(String language, String name, String when) {
        return ENGLISH.equals(language) ? "(" + name + ", " + when + ")" : "(" + name + ", " + when + ")";
    }

    public static String notFound(String language, VendorIdentity vendor) {
        return ENGLISH.equals(language)
                ? "There is no valid security notice for this code. Please check the code, or call the support "
                        + "line of " + vendor.name() + ": " + vendor.supportPhone() + "."
                : "Zu diesem Code gibt es keinen gültigen Sicherheitshinweis. Bitte prüfen Sie den Code oder "
                        + "rufen Sie den Kundendienst " + vendor.german().genitive() + " an: "
                        + vendor.supportPhone() + ".";
    }

    public static String expired(String language, VendorIdentity vendor) {
        return ENGLISH.equals(language)
                ? "This code is no longer valid. If you still want to confirm, please call the support line of "
                        + vendor.name() + ": " + vendor.supportPhone() + "."
                : "Dieser Code ist nicht mehr gültig. Wenn Sie noch etwas bestätigen möchten, rufen Sie bitte den "
                        + "Kundendienst " + vendor.german().genitive() + " an: " + vendor.supportPhone() + ".";
    }

    /** The page of a withdrawn advisory: who withdrew it when and why, and whether a correction replaces it. */
    public static String retracted(
            String language, VendorIdentity vendor, String when, String reason, boolean replaced) {
        return ENGLISH.equals(language)
                ? vendor.name() + " withdrew this security notice on " + when + ". Reason: " + reason + " There is "
                        + "nothing to confirm here."
                        + (replaced ? " A corrected notice with a code of its own " + "replaces it." : "")
                : vendor.germanSubject() + " hat diesen Sicherheitshinweis am " + when + " zurückgezogen. Grund: "
                        + reason
                        + " Hier ist nichts mehr zu bestätigen."
                        + (replaced ? " Ein berichtigter Hinweis mit " + "eigenem Code ersetzt ihn." : "");
    }

    public static String forbidden(String language) {
        return ENGLISH.equals(language)
                ? "The form has expired or was not sent from this page. Nothing has been recorded. Please open "
                        + "the page again and send your answers once more."
                : "Das Formular ist abgelaufen oder wurde nicht von dieser Seite gesendet. Es wurde nichts "
                        + "gespeichert. Bitte öffnen Sie die Seite erneut und senden Sie Ihre Angaben noch einmal.";
    }

    /** A problem with the form, for the person who filled it in. */
    public static String problem(String language, ConfirmationForm.Problem problem, String credentialLabel) {
        boolean en = ENGLISH.equals(language);
        String prefix = credentialLabel == null ? "" : credentialLabel + ": ";
        return switch (problem.kind()) {
            case NAME_MISSING -> en ? "Please enter your name." : "Bitte geben Sie Ihren Namen an.";
            case NAME_TOO_LONG ->
                en
                        ? "The name may have at most " + ConfirmationForm.MAX_NAME + " characters."
                        : "Der Name darf höchstens " + ConfirmationForm.MAX_NAME + " Zeichen lang sein.";
            case NOTHING_TO_RECORD ->
                en
                        ? "Please confirm receipt of the notice, or answer for at least one credential."
                        : "Bitte bestätigen Sie die Kenntnisnahme oder machen Sie eine Angabe zu mindestens einem "
                                + "Zugangsdatum.";
            case DATE_MISSING ->
                prefix + (en ? "please enter the date of the change." : "Bitte geben Sie das Datum der Änderung an.");
            case DATE_INVALID -> prefix + (en ? "this is not a valid date." : "Das Datum ist ungültig.");
            case DATE_IN_FUTURE -> prefix + (en ? "the date lies in the future." : "Das Datum liegt in der Zukunft.");
            case STATUS_UNKNOWN ->
                prefix
                        + (en
                                ? "please choose one of the answers offered."
                                : "Bitte wählen Sie eine der angebotenen Antworten.");
            case CREDENTIAL_UNKNOWN ->
                en
                        ? "The form names a credential this notice does not have. Please open the page again."
                        : "Das Formular nennt ein Zugangsdatum, das zu diesem Hinweis nicht gehört. Bitte öffnen Sie "
                                + "die Seite erneut.";
        };
    }

    /**
     * {@link dev.breachnotify.events.AckCode#check(String)}'s problem in the page's language. Its messages are
     * English; the known ones are translated, anything else is shown as it is.
     */
    public static String codeProblem(String language, String problem) {
        if (ENGLISH.equals(language) || problem == null) {
            return problem;
        }
        if (problem.startsWith("Please enter the code")) {
            return "Bitte geben Sie den Code aus Ihrem Schreiben ein.";
        }
        Matcher bad = BAD_CHARACTER.matcher(problem);
        if (bad.matches()) {
            return "Der Code enthält ein Zeichen, das in Codes nicht vorkommt: '" + bad.group(1)
                    + "'. Codes bestehen aus den Ziffern 0-9 und den Buchstaben A-Z ohne U.";
        }
        Matcher length = WRONG_LENGTH.matcher(problem);
        if (length.matches()) {
            return "Ein Code hat " + length.group(1) + " Zeichen; Sie haben " + length.group(2) + " eingegeben.";
        }
        if (problem.startsWith("This code is not valid")) {
            return "Dieser Code ist ungültig: Bitte prüfen Sie ihn auf einen Tippfehler.";
        }
        return problem;
    }
}
