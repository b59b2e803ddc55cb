package dev.breachnotify.notifier.directory;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The columns of a directory CSV file (header names; case and surrounding spaces are ignored). */
public final class DirectoryColumns {

    public static final String PRACTICE_ID = "practice_id";
    public static final String NAME = "name";
    public static final String CONTACT_PERSON = "contact_person";
    /** One or more addresses, separated by ',', '|' or spaces. */
    public static final String EMAILS = "emails";

    public static final String STREET = "street";
    public static final String POSTCODE = "postcode";
    public static final String CITY = "city";
    /** ISO 3166 alpha-2, default DE. */
    public static final String COUNTRY = "country";
    /** de or en, default de. */
    public static final String LANGUAGE = "language";

    public static final String SEGMENT = "segment";
    /** email, letter or both; default email when an address is given, else letter. */
    public static final String PREFERRED_CHANNEL = "preferred_channel";

    /** The practice's TI-Konnektor model, e.g. {@code secunet} or {@code kocobox}: chooses a guide's variant. */
    public static final String KONNEKTOR_MODEL = "konnektor_model";

    /** The fields a guide's variant may be chosen by; they travel in {@code Practice.attributes}. */
    public static final Set<String> VARIANT_FIELDS = Set.of(KONNEKTOR_MODEL);

    public static final List<String> ALL = List.of(
            PRACTICE_ID,
            NAME,
            CONTACT_PERSON,
            EMAILS,
            STREET,
            POSTCODE,
            CITY,
            COUNTRY,
            LANGUAGE,
            SEGMENT,
            PREFERRED_CHANNEL,
            KONNEKTOR_MODEL);
    public static final List<String> REQUIRED = List.of(PRACTICE_ID, NAME);

    /** The IT service partner that looks after every credential of the practice. */
    public static final String PARTNER = "partner";
    /** Prefix of the columns naming the partner for one credential: {@code partner.ti-konnektor}. */
    public static final String PARTNER_FOR = "partner.";

    /** The parts of a contact in repeated columns: {@code contact1_name}, {@code contact2_email}, ... */
    public static final List<String> CONTACT_PARTS = List.of("id", "name", "role", "email", "channel", "language");

    /** A credential id as advisories write it. */
    public static final Pattern CREDENTIAL_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    private static final Pattern CONTACT_COLUMN = Pattern.compile("contact([1-9][0-9]{0,2})_([a-z]+)");

    /** Whether a header column is one this file may have: the fixed ones, contact and partner columns. */
    public static boolean isKnown(String column) {
        return ALL.contains(column) || isContactColumn(column) || isPartnerColumn(column);
    }

    /** {@code contactN_part} with a known part. */
    public static boolean isContactColumn(String column) {
        Matcher matcher = CONTACT_COLUMN.matcher(column);
        return matcher.matches() && CONTACT_PARTS.contains(matcher.group(2));
    }

    /** {@code partner} or {@code partner.<credential-id>}. */
    public static boolean isPartnerColumn(String column) {
        return column.equals(PARTNER)
                || column.startsWith(PARTNER_FOR)
                        && CREDENTIAL_ID
                                .matcher(column.substring(PARTNER_FOR.length()))
                                .matches();
    }

    /** The column of a contact's part, {@code contact2_email}. */
    public static String contactColumn(int number, String part) {
        return "contact" + number + "_" + part;
    }

    /** What the header may hold besides {@link #ALL}, for error messages. */
    public static final String FURTHER_COLUMNS = "contactN_id, contactN_name, contactN_role, contactN_email, "
            + "contactN_channel, contactN_language (N = 1, 2, ...), partner, partner.<credential-id>";

    private DirectoryColumns() {}
}
