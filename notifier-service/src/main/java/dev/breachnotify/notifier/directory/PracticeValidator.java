package dev.breachnotify.notifier.directory;

import dev.breachnotify.events.Contact;
import dev.breachnotify.events.PartnerAssignment;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns the raw fields of one directory row into a {@link Practice}, or reports every problem of the row.
 * Pure: no I/O.
 */
final class PracticeValidator {

    static final Pattern PRACTICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EMAIL_SPLIT = Pattern.compile("[,|\\s]+");
    private static final int MAX_EMAILS = 5;
    private static final int MAX_TEXT = 200;

    private PracticeValidator() {}

    /**
     * Validates one row.
     *
     * @param fields   the row's values by column name ({@link DirectoryColumns}); missing means blank
     * @param problems receives one problem per fault
     * @return the practice, or {@code null} if the row has problems
     */
    static Practice validate(long line, Map<String, String> fields, Consumer<RowProblem> problems) {
        List<RowProblem> found = new ArrayList<>();
        String id = value(fields, DirectoryColumns.PRACTICE_ID);
        Consumer<String[]> problem = p -> found.add(new RowProblem(line, id.isEmpty() ? null : id, p[0], p[1]));

        if (id.isEmpty()) {
            problem.accept(new String[] {DirectoryColumns.PRACTICE_ID, "is missing"});
        } else if (!PRACTICE_ID.matcher(id).matches()) {
            problem.accept(new String[] {
                DirectoryColumns.PRACTICE_ID,
                "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            });
        }
        String name = value(fields, DirectoryColumns.NAME);
        if (name.isEmpty()) {
            problem.accept(new String[] {DirectoryColumns.NAME, "is missing"});
        }
        checkLength(fields, problem);

        List<String> emails = new ArrayList<>();
        String rawEmails = value(fields, DirectoryColumns.EMAILS);
        if (!rawEmails.isEmpty()) {
            for (String email : EMAIL_SPLIT.split(rawEmails)) {
                if (email.isEmpty()) {
                    continue;
                }
                if (!isValidEmail(email)) {
                    problem.accept(new String[] {DirectoryColumns.EMAILS, "malformed email address '" + email + "'"});
                } else if (!emails.contains(email.toLowerCase(Locale.ROOT))) {
                    emails.add(email.toLowerCase(Locale.ROOT));
                }
            }
            if (emails.size() > MAX_EMAILS) {
                problem.accept(new String[] {DirectoryColumns.EMAILS, "at most " + MAX_EMAILS + " addresses"});
            }
        }

        String language = value(fields, DirectoryColumns.LANGUAGE).toLowerCase(Locale.ROOT);
        if (language.isEmpty()) {
            language = "de";
        } else if (!language.equals("de") && !language.equals("en")) {
            problem.accept(
                    new String[] {DirectoryColumns.LANGUAGE, "unknown language '" + language + "' (use de or en)"});
        }

        PreferredChannel channel = null;
        String rawChannel = value(fields, DirectoryColumns.PREFERRED_CHANNEL).toUpperCase(Locale.ROOT);
        if (rawChannel.isEmpty()) {
            channel = rawEmails.isEmpty() ? PreferredChannel.LETTER : PreferredChannel.EMAIL;
        } else {
            try {
                channel = PreferredChannel.valueOf(rawChannel);
            } catch (IllegalArgumentException e) {
                problem.accept(new String[] {
                    DirectoryColumns.PREFERRED_CHANNEL,
                    "unknown channel '" + rawChannel + "' (use "
                            + Arrays.toString(PreferredChannel.values()).toLowerCase(Locale.ROOT) + ")"
                });
            }
        }

        PostalAddress address = new PostalAddress(
                value(fields, DirectoryColumns.STREET), value(fields, DirectoryColumns.POSTCODE),
                value(fields, DirectoryColumns.CITY), orDefault(value(fields, DirectoryColumns.COUNTRY), "DE"));
        boolean hasAddress = !address.street().isEmpty()
                && !address.postcode().isEmpty()
                && !address.city().isEmpty();
        if (channel == PreferredChannel.EMAIL && emails.isEmpty() && rawEmails.isEmpty()) {
            problem.accept(new String[] {DirectoryColumns.EMAILS, "is missing for preferred channel email"});
        }
        if ((channel == PreferredChannel.LETTER || channel == PreferredChannel.BOTH) && !hasAddress) {
            problem.accept(new String[] {
                missingAddressField(address),
                "a postal address (street, postcode, city) is required for preferred channel "
                        + channel.name().toLowerCase(Locale.ROOT)
            });
        }

        List<Contact> contacts = RepeatedColumns.contacts(
                fields, hasAddress, (field, reason) -> problem.accept(new String[] {field, reason}));
        List<PartnerAssignment> partners =
                RepeatedColumns.partners(fields, (field, reason) -> problem.accept(new String[] {field, reason}));

        found.forEach(problems);
        if (!found.isEmpty()) {
            return null;
        }
        return new Practice(
                id,
                name,
                blankToNull(value(fields, DirectoryColumns.CONTACT_PERSON)),
                emails,
                hasAddress || !address.street().isEmpty() ? address : null,
                language,
                blankToNull(value(fields, DirectoryColumns.SEGMENT)),
                channel,
                attributes(fields),
                contacts,
                partners);
    }

    /** The fields that choose a guide's variant, those that are set. */
    private static Map<String, String> attributes(Map<String, String> fields) {
        Map<String, String> attributes = new TreeMap<>();
        for (String field : DirectoryColumns.VARIANT_FIELDS) {
            String value = blankToNull(value(fields, field));
            if (value != null) {
                attributes.put(field, value);
            }
        }
        return attributes;
    }

    private static void checkLength(Map<String, String> fields, Consumer<String[]> problem) {
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (DirectoryColumns.isContactColumn(field.getKey())) {
                continue;
            }
            if (field.getValue() != null
                    && field.getValue().length() > MAX_TEXT
                    && !field.getKey().equals(DirectoryColumns.EMAILS)) {
                problem.accept(new String[] {field.getKey(), "longer than " + MAX_TEXT + " characters"});
            }
            if (field.getValue() != null && field.getValue().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                problem.accept(new String[] {field.getKey(), "contains a line break"});
            }
        }
    }

    static boolean isValidEmail(String email) {
        if (email.length() > 254 || email.indexOf('@') < 1) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(email, true);
            address.validate();
            String domain = email.substring(email.lastIndexOf('@') + 1);
            return domain.contains(".")
                    && !domain.startsWith(".")
                    && !domain.endsWith(".")
                    && address.getAddress().equals(email);
        } catch (AddressException e) {
            return false;
        }
    }

    private static String missingAddressField(PostalAddress address) {
        if (address.street().isEmpty()) {
            return DirectoryColumns.STREET;
        }
        return address.postcode().isEmpty() ? DirectoryColumns.POSTCODE : DirectoryColumns.CITY;
    }

    private static String value(Map<String, String> fields, String column) {
        String value = fields.get(column);
        return value == null ? "" : value.strip();
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value.toUpperCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
