package dev.breachnotify.ack.page;

import dev.breachnotify.events.RotationStatus;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.i18n.Messages;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages' wording in German (the default) and English, all of it in {@code i18n/ack_de.properties} and
 * {@code i18n/ack_en.properties}. Templates read the fixed texts from the map of {@link #of(String)}; sentences with
 * values in them (the keys under {@code s.}) are filled in here.
 */
public final class Texts {

    /** The languages offered; the first is the default. */
    public static final String GERMAN = "de";

    public static final String ENGLISH = "en";

    private static final Messages MESSAGES = Messages.load("i18n.ack", Texts.class.getClassLoader(), GERMAN, ENGLISH);

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
        return MESSAGES.of(language);
    }

    /** A sentence of the bundle with its values filled in. */
    public static String format(String language, String key, Object... values) {
        return MESSAGES.format(language, key, values);
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
        return vendorSentence(language, "s.neverAskPassword", vendor);
    }

    /** Whose message this is, after {@code from}: the name in English, its genitive in German. */
    public static String from(String language, VendorIdentity vendor) {
        return vendorSentence(language, "s.from", vendor);
    }

    /** How to check that the page is genuine: the vendor's verify page and support line. */
    public static String genuine(String language, VendorIdentity vendor) {
        return vendorSentence(language, "s.genuine", vendor);
    }

    public static String acknowledged(String language, String name, String when) {
        return MESSAGES.format(language, "s.acknowledged", name, when);
    }

    public static String status(String language, RotationStatus status, LocalDate changedOn) {
        return switch (status) {
            case CHANGED -> MESSAGES.format(language, "s.status.changed", date(language, changedOn));
            case CHANGED_BY_PROVIDER -> MESSAGES.text(language, "s.status.provider");
            case NOT_APPLICABLE -> MESSAGES.text(language, "s.status.notApplicable");
        };
    }

    public static String confirmedBy(String language, String name, String when) {
        return MESSAGES.format(language, "s.confirmedBy", name, when);
    }

    /** The greeting of a contact who opened the page with their own code. */
    public static String greeting(String language, String contactName) {
        return MESSAGES.format(language, "s.greeting", contactName);
    }

    /** A credential that an IT service partner confirmed as changed on its page. */
    public static String changedByPartner(String language, String partnerName, LocalDate changedOn) {
        return MESSAGES.format(language, "s.changedByPartner", partnerName, date(language, changedOn));
    }

    /** Before another answer of an IT service partner. */
    public static String answeredByPartner(String language, String partnerName) {
        return MESSAGES.format(language, "s.answeredByPartner", partnerName);
    }

    /** Before an answer a contact of the practice gave with their own code. */
    public static String byContact(String language, String contactName) {
        return MESSAGES.format(language, "s.byContact", contactName);
    }

    /** An IT service partner said a credential is not its job. */
    public static String partnerDeclined(String language, String partnerName, String when) {
        return MESSAGES.format(language, "s.partnerDeclined", partnerName, when);
    }

    public static String notFound(String language, VendorIdentity vendor) {
        return vendorSentence(language, "s.notFound", vendor);
    }

    public static String expired(String language, VendorIdentity vendor) {
        return vendorSentence(language, "s.expired", vendor);
    }

    /** The page of a withdrawn advisory: who withdrew it when and why, and whether a correction replaces it. */
    public static String retracted(
            String language, VendorIdentity vendor, String when, String reason, boolean replaced) {
        String withdrawn = vendorSentence(language, "s.retracted", vendor, when, reason);
        return replaced ? withdrawn + " " + MESSAGES.text(language, "s.retractedReplaced") : withdrawn;
    }

    public static String forbidden(String language) {
        return MESSAGES.text(language, "s.forbidden");
    }

    /** A problem with the form, for the person who filled it in. */
    public static String problem(String language, ConfirmationForm.Problem problem, String credentialLabel) {
        String text = switch (problem.kind()) {
            case NAME_MISSING -> MESSAGES.text(language, "s.problem.nameMissing");
            case NAME_TOO_LONG ->
                MESSAGES.format(language, "s.problem.nameTooLong", String.valueOf(ConfirmationForm.MAX_NAME));
            case NOTHING_TO_RECORD -> MESSAGES.text(language, "s.problem.nothingToRecord");
            case DATE_MISSING -> MESSAGES.text(language, "s.problem.dateMissing");
            case DATE_INVALID -> MESSAGES.text(language, "s.problem.dateInvalid");
            case DATE_IN_FUTURE -> MESSAGES.text(language, "s.problem.dateInFuture");
            case STATUS_UNKNOWN -> MESSAGES.text(language, "s.problem.statusUnknown");
            case CREDENTIAL_UNKNOWN -> MESSAGES.text(language, "s.problem.credentialUnknown");
        };
        boolean aboutCredential = switch (problem.kind()) {
            case DATE_MISSING, DATE_INVALID, DATE_IN_FUTURE, STATUS_UNKNOWN -> true;
            default -> false;
        };
        return aboutCredential && credentialLabel != null
                ? MESSAGES.format(language, "s.problem.ofCredential", credentialLabel, text)
                : text;
    }

    /** A sentence about the vendor: its name, German subject and genitive, verify URL and phone, then values. */
    private static String vendorSentence(String language, String key, VendorIdentity vendor, Object... more) {
        Object[] values = new Object[5 + more.length];
        values[0] = vendor.name();
        values[1] = vendor.germanSubject();
        values[2] = vendor.german().genitive();
        values[3] = vendor.verifyUrl();
        values[4] = vendor.supportPhone();
        System.arraycopy(more, 0, values, 5, more.length);
        return MESSAGES.format(language, key, values);
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
            return MESSAGES.text(language, "s.code.empty");
        }
        Matcher bad = BAD_CHARACTER.matcher(problem);
        if (bad.matches()) {
            return MESSAGES.format(language, "s.code.badCharacter", bad.group(1));
        }
        Matcher length = WRONG_LENGTH.matcher(problem);
        if (length.matches()) {
            return MESSAGES.format(language, "s.code.length", length.group(1), length.group(2));
        }
        if (problem.startsWith("This code is not valid")) {
            return MESSAGES.text(language, "s.code.invalid");
        }
        return problem;
    }
}
