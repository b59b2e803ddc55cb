package dev.breachnotify.notifier.directory;

import java.util.List;
import java.util.Set;

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

    private DirectoryColumns() {}
}
